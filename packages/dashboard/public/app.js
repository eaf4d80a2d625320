// The instructor's page. Everything a participant sent (names, titles, messages) is put in the DOM
// with textContent or as an attribute value, never parsed as HTML; the server's CSP forbids inline
// scripts as a second line of defence.

/** @type {any} the latest /api/summary document */
let summary = null;
let refreshTimer = 0;
/** Participants whose row changed since the last render, to flash them. */
const changed = new Set();

/** Creates an element with a class and text. */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = String(text);
  return node;
}

function minutesSince(ms) {
  return Math.floor((Date.now() - ms) / 60_000);
}

function setStatus(text, bad = false) {
  const status = document.getElementById('status');
  status.textContent = text;
  status.className = bad ? 'bad' : 'muted';
}

/** The token comes in the URL fragment (never sent to servers or logs); trade it for an HttpOnly cookie. */
async function signIn(token) {
  const response = await fetch('/api/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  return response.ok;
}

async function load() {
  const response = await fetch('/api/summary');
  if (response.status === 401) {
    showLogin();
    return false;
  }
  if (!response.ok) {
    setStatus(`Could not load the room (${response.status}); retrying…`, true);
    return false;
  }
  summary = await response.json();
  render();
  return true;
}

function scheduleRefresh() {
  // Many submissions arrive together (the whole room saves at once): refetch once per burst.
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(load, 300);
}

function showLogin() {
  document.getElementById('room').hidden = true;
  document.getElementById('login').hidden = false;
  setStatus('Not signed in', true);
}

function level(cell) {
  if (cell.status === 'error') return 'cell error';
  if (cell.total === 0) return 'cell none';
  if (cell.passed === cell.total) return 'cell level-4';
  return `cell level-${Math.min(3, Math.floor((cell.passed / cell.total) * 4))}`;
}

function renderHeatmap() {
  const table = document.getElementById('heatmap');
  const head = el('tr');
  head.append(el('th', '', 'Participant'));
  for (const lab of summary.labs) {
    const th = el('th', 'lab', lab.id);
    th.title = lab.title;
    head.append(th);
  }
  head.append(el('th', '', 'Overall'), el('th', '', 'Last check'));
  table.tHead.replaceChildren(head);

  const rows = summary.participants.map((participant) => {
    const tr = el('tr');
    tr.dataset.participant = participant.name;
    if (changed.has(participant.name)) tr.className = 'flash';
    tr.append(el('th', 'name', participant.name));
    for (const lab of summary.labs) {
      const td = el('td');
      const cell = participant.labs[lab.id];
      if (!cell) {
        const span = el('span', 'cell none', '·');
        span.title = `${participant.name}: ${lab.id} not checked yet`;
        td.append(span);
      } else {
        const span = el('span', level(cell), cell.status === 'error' ? '!' : `${cell.passed}/${cell.total}`);
        span.title = `${participant.name}: ${lab.id} ${cell.passed}/${cell.total} checkpoints${cell.status === 'error' ? ' (does not compile)' : ''}`;
        td.append(span);
      }
      tr.append(td);
    }
    tr.append(el('td', '', `${participant.passed}/${participant.total}`));
    tr.append(el('td', 'muted', `${minutesSince(participant.latestAt)} min ago`));
    return tr;
  });
  table.tBodies[0].replaceChildren(...rows);
  changed.clear();
}

function renderAttention() {
  const items = [];
  for (const participant of summary.participants) {
    const idle = minutesSince(participant.lastProgressAt);
    const done = participant.total > 0 && participant.passed === participant.total;
    if (!done && idle >= summary.idleMinutes) {
      const li = el('li');
      li.append(el('span', 'tag', `no progress for ${idle} min`), el('strong', '', participant.name));
      li.append(document.createTextNode(` — ${participant.passed}/${participant.total} checkpoints`));
      items.push(li);
    }
    if (participant.stuck) {
      const { lab, checkpoint, title, message, streak } = participant.stuck;
      const li = el('li');
      li.append(el('span', 'tag stuck', `failed ${streak}× in a row`), el('strong', '', participant.name));
      li.append(document.createTextNode(` — ${lab} ${checkpoint} ${title}`));
      if (message) li.append(el('div', 'muted', message));
      items.push(li);
    }
  }
  if (items.length === 0) items.push(el('li', 'muted', 'Nobody is stuck right now.'));
  document.getElementById('attention').replaceChildren(...items);
}

/** One KPI of a checkpoint: the room's min · median · max, and how many meet the target. */
function metricLine(metric) {
  const line = el('div', 'metric');
  line.append(el('span', 'metric-name', metric.name));
  line.append(
    document.createTextNode(` min ${metric.shown.min} · median ${metric.shown.median} · max ${metric.shown.max}`),
  );
  const reported = `${metric.reported} reported`;
  if (metric.target) {
    const low = metric.meeting < metric.reported / 2;
    const tag = el('span', low ? 'meets low' : 'meets', `${metric.meeting}/${metric.reported} meet ${metric.target}`);
    tag.title = reported;
    line.append(document.createTextNode(' '), tag);
  } else {
    line.append(el('span', 'muted', ` (${reported})`));
  }
  return line;
}

function renderRates() {
  const rows = summary.checkpoints.map((rate) => {
    const tr = el('tr');
    const share = rate.attempted === 0 ? 0 : rate.passed / rate.attempted;
    tr.append(el('td', '', rate.lab), el('td', '', rate.checkpoint), el('td', 'title', rate.title));
    const bar = el('td', 'bar');
    const track = el('div', 'track');
    const fill = el('div', share < 0.5 ? 'fill low' : 'fill');
    // CSSOM, not an inline style attribute: allowed by the CSP.
    fill.style.width = `${Math.round(share * 100)}%`;
    track.append(fill);
    bar.append(track);
    tr.append(bar, el('td', '', `${rate.passed}/${rate.attempted}`));
    const metrics = el('td', 'metrics');
    metrics.append(...rate.metrics.map(metricLine));
    tr.append(metrics);
    return tr;
  });
  document.querySelector('#rates tbody').replaceChildren(...rows);
}

function render() {
  document.getElementById('login').hidden = true;
  document.getElementById('room').hidden = false;
  renderAttention();
  renderHeatmap();
  renderRates();
  const count = summary.participants.length;
  setStatus(`${count} participant${count === 1 ? '' : 's'} · updated ${new Date().toLocaleTimeString()} · live`);
}

function listen() {
  const events = new EventSource('/api/events');
  events.addEventListener('submission', (event) => {
    changed.add(JSON.parse(event.data).name);
    scheduleRefresh();
  });
  events.addEventListener('open', () => load());
  events.addEventListener('error', () => setStatus('Connection lost; reconnecting…', true));
}

async function start() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const token = fragment.get('token');
  if (token) {
    await signIn(token);
    // Drop the token from the address bar so it is not shared with a screenshot or a bookmark.
    history.replaceState(null, '', location.pathname);
  }
  document.getElementById('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const ok = await signIn(document.getElementById('login-token').value.trim());
    document.getElementById('login-error').textContent = ok ? '' : 'That is not the instructor token.';
    if (ok && (await load())) listen();
  });
  if (await load()) listen();
  // "No progress for N minutes" changes with the clock, not only with submissions.
  setInterval(() => summary && render(), 30_000);
}

start();
