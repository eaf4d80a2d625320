// The page's script: ask over SSE (POST /v1/ask/stream), show the answer and its sources, rate it.
// Plain browser JavaScript, no build step, no inline code (the page's CSP allows none).
// Given code: the same file in the starter and the solution.
//
// Who asks is the server's to say: with API keys configured, the page asks for one once (kept in
// this tab's sessionStorage) and sends it as a Bearer token; without, the server's session cookie
// (HttpOnly, sent by the browser) is the identity.

const $ = (id) => document.getElementById(id);

let lastRequestId = null;

/** Headers of an API call: JSON, and the key when the service asked for one. */
function headers() {
  const key = sessionStorage.getItem('capstone-key');
  return key
    ? { 'content-type': 'application/json', authorization: `Bearer ${key}` }
    : { 'content-type': 'application/json' };
}

/** Who the service says we are; asks for a key when it wants one. Resolves true when known. */
async function signIn() {
  const response = await fetch('/v1/session', { headers: headers() });
  if (response.status === 401) {
    sessionStorage.removeItem('capstone-key');
    $('key-form').hidden = false;
    $('who').hidden = true;
    document.body.dataset.state = 'needs-key';
    return false;
  }
  const me = await response.json().catch(() => null);
  $('key-form').hidden = true;
  if (me?.via === 'api_key') {
    $('who').textContent = `Asking as ${me.user}.`;
    $('who').hidden = false;
  }
  document.body.dataset.state = 'ready';
  return true;
}

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = false;
}

function badge(text, warn = false) {
  const span = document.createElement('span');
  span.className = warn ? 'badge warn' : 'badge';
  span.textContent = text;
  $('badges').append(span);
}

function render(result) {
  $('answer').textContent = result.answer;
  $('badges').replaceChildren();
  badge(result.status.replaceAll('_', ' '), result.status !== 'answered');
  if (result.prompt) badge(`prompt ${result.prompt.id}@${result.prompt.version}`);
  if (result.provider) badge(`by ${result.provider}`);
  if (result.cached) badge('cached');
  if (result.fallback) badge('fallback provider', true);
  if (result.degraded) badge(`degraded: ${result.degradedReason}`, true);
  if (typeof result.ttftMs === 'number') badge(`first text after ${Math.round(result.ttftMs)} ms`);
  $('sources').replaceChildren(
    ...result.citations.map((c) => {
      const li = document.createElement('li');
      li.value = c.marker;
      const where = document.createElement('span');
      where.className = 'where';
      where.textContent = c.heading ? `${c.source} — ${c.heading}` : c.source;
      const excerpt = document.createElement('span');
      excerpt.className = 'excerpt';
      excerpt.textContent = c.excerpt;
      li.append(where, excerpt);
      return li;
    }),
  );
  $('no-sources').hidden = result.citations.length > 0;
  if (result.escalation && result.status !== 'answered') {
    $('feedback-status').textContent =
      `Need more help? Contact ${result.escalation.team} (${result.escalation.contact}).`;
  }
}

/** Reads `event:`/`data:` frames from a fetch body. */
async function* events(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  while (true) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(frame)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (data !== undefined) yield { event, data: JSON.parse(data) };
      end = buffer.indexOf('\n\n');
    }
  }
}

async function ask(question) {
  $('error').hidden = true;
  $('feedback-status').textContent = '';
  $('result').hidden = false;
  $('answer').textContent = '';
  $('badges').replaceChildren();
  $('sources').replaceChildren();
  $('no-sources').hidden = true;
  const response = await fetch('/v1/ask/stream', {
    method: 'POST',
    headers: headers(),
    body: JSON.stringify({ question }),
  });
  if (response.status === 401) {
    $('result').hidden = true;
    await signIn();
    return;
  }
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    $('result').hidden = true;
    showError(body?.error ? `${body.error.message} (request ${body.error.requestId})` : `HTTP ${response.status}`);
    return;
  }
  for await (const { event, data } of events(response.body)) {
    if (event === 'delta') $('answer').textContent += data.text;
    if (event === 'done') {
      lastRequestId = data.requestId;
      render(data); // the final answer replaces the streamed text (it passed every check)
      document.body.dataset.state = 'answered';
    }
    if (event === 'error') showError(`${data.error.message} (request ${data.error.requestId})`);
  }
}

async function rate(rating) {
  if (!lastRequestId) return;
  const response = await fetch('/v1/feedback', {
    method: 'POST',
    headers: headers(),
    body: JSON.stringify({
      requestId: lastRequestId,
      rating,
      comment: $('comment').value.trim() || undefined,
      handoff: $('handoff').checked,
    }),
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    $('feedback-status').textContent = body?.error?.message ?? `HTTP ${response.status}`;
    return;
  }
  $('feedback-status').textContent = body.handoff
    ? `Thanks — ${body.handoff.team} will follow up (${body.handoff.contact}).`
    : 'Thanks for the feedback.';
  $('rate-up').disabled = true;
  $('rate-down').disabled = true;
}

$('ask-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const question = $('question').value.trim();
  if (!question) return;
  $('ask').disabled = true;
  $('rate-up').disabled = false;
  $('rate-down').disabled = false;
  document.body.dataset.state = 'asking';
  try {
    await ask(question);
  } catch (error) {
    showError(`The service could not be reached: ${error.message}`);
  } finally {
    $('ask').disabled = false;
  }
});
$('rate-up').addEventListener('click', () => rate('up'));
$('rate-down').addEventListener('click', () => rate('down'));
$('key-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const key = $('api-key').value.trim();
  if (!key) return;
  sessionStorage.setItem('capstone-key', key);
  $('api-key').value = '';
  if (!(await signIn())) showError('That key was not accepted.');
  else $('error').hidden = true;
});
signIn().catch((error) => showError(`The service could not be reached: ${error.message}`));
