/**
 * Deterministic routing: turn a request into an `Intent` only when plain code can be sure what it
 * asks, and return null otherwise. Null is not a failure: it sends the request to the model. A
 * miss costs one model call; a confident wrong answer costs a customer, so every rule errs towards null.
 */
import type { Intent } from './types.ts';

// Greetings, thanks and sign-offs carry no ask. Removing them lets a polite one-ask message count as
// one sentence; a sign-off ends the message ("Kind regards, P. Okafor" must not become a sentence).
const GREETING = /^(?:(?:hi|hello|hey|dear [^,!.?]*|good (?:morning|afternoon|evening))(?: there)?[,!.]?\s*)+/;
const SIGN_OFF =
  /(?:^|[.!?,]\s*)(?:thanks|thank you|many thanks|cheers|kind regards|regards|best wishes)(?:[\s,.!]+[\w.]+){0,3}\W*$/;
// Hedges and politeness that look like negations or conditions but ask the same thing.
const FILLER =
  /\b(?:quick question:?|just curious|can you help\??|not sure(?: if| whether| about)?|know if|if you (?:could|can|would))\b/g;
// A message that denies, contrasts, conditions, complains, asks "why" or asks what the tables do not
// hold is not a lookup, whatever keywords it has ("I can't reset my password": the link already failed).
const RISK =
  /n't\b|\b(?:not|no|never|cannot|nicht|kein\w*|ne|pas|but|however|although|though|instead|unless|if|because|also|why|did you|have you|work(?:s|ed|ing)?|damaged|broken|missing|wrong|late|refund\w*|charged|cancel|exchange|address|username|email|hacked|without|only|procedure|label|how (?:do|can|should) i (?:return|send|track)|will|going to|eta|tracking number|rate|fee)\b/;
const ORDER_ID = /\b[a-z]-\d{4}\b/g;
// An action on the order, a problem with it, or a qualifier right after its id ("A-1043 to a store",
// "A-1042 from last year"): the tables do not answer those.
const ORDER_RISK =
  /\b(?:change|modify|(?<!any |an )update|add|remove|upgrade|merge|split|redirect|hold|replace|lost|stolen|(?:deliver\w*|ship\w*|sen[dt]) to)\b|\b[a-z]-\d{4}\W+(?:to|for|by|via|from|with|at|on|in|twice)\b(?! me\b| its way)/;
const STATUS =
  "where(?:'?s)?|status|track|shipped|dispatched|delivered|arrived|any (?:update|news)|happening|on its way|cancelled|processing|check on|dónde|wo ist|où en est";
const RETURN = String.raw`return\w*|retrun|send (?:it )?back|sent back|zurückschicken|devolver`;
const PASSWORD = /\b(?:pass?w(?:or|ro)[dt]|mot de passe|contraseña)\b/;
// No \b after an accented letter: in JavaScript, \b only knows ASCII letters.
const PASSWORD_ACTION = /\b(?:reset|forgot(?:ten)?|forget|change|lost|vergessen)\b|oublié|olvidé/;

// Names and symbols customers write, by code ("$" and "dollars" are US dollars: the only dollar we
// price). Any other three letters must be an ISO 4217 code, so "NOK" gets an honest "can't convert".
const NAMES =
  'EUR €|euros|euro; USD $|dollars|dollar|dólares; GBP £|pounds sterling|pounds|pound; JPY ¥|yen; CHF swiss francs|francs|franken; SEK swedish kronor|kronor';
const CODE_OF = new Map(
  NAMES.split('; ').flatMap((entry) =>
    entry
      .slice(4)
      .split('|')
      .map((name) => [name, entry.slice(0, 3)]),
  ),
);
const ISO_CODES = new Set(Intl.supportedValuesOf('currency'));
const CUR = `(${[...CODE_OF.keys()].map((name) => name.replace('$', '\\$')).join('|')}|[a-z]{3})`;
// Prices have at most two decimals, so a separator before three digits groups thousands ("1,250.00",
// "2 500 SEK", "1.200,50") and one before one or two digits is the decimal point ("30,50 €").
const AMOUNT = String.raw`(\d{1,3}(?:[., ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)`;
// "<money> to <currency>" after a question opener, and nothing after it but "please": "Convert 10 EUR
// to USD at yesterday's rate" or "my 30 EUR gift card to USD" are not lookups.
const CONVERT = new RegExp(
  String.raw`^(?:.*?\b(?:convert|conver|is|what's|whats|what would|much|know what)\s+)?${CUR}?\s*${AMOUNT}\s*${CUR}?\s*(?:(?:is|be|are)\s+)?(?:to|in|into|en|→|->|=)\s*${CUR}(?:\s+(?:please|pls|for me))?\W*$`,
);

/** Returns the intent of `text` when plain code can answer it for sure; null sends it to the model. */
export function parseRequest(text: string): Intent | null {
  const lower = text.normalize('NFKC').toLowerCase().replace(/[’`]/g, "'").replace(/\s+/g, ' ').trim();
  const core = lower.replace(GREETING, '').replace(SIGN_OFF, '').replace(FILLER, ' ').replace(/\s+/g, ' ').trim();
  // One ask per message: a second sentence is context the rules cannot weigh.
  if (core === '' || /[.!?]\s+\S/.test(core.replace(/[.!?]+\W*$/, '')) || RISK.test(core)) return null;

  const ids = new Set(core.match(ORDER_ID));
  if (ids.size > 1 || (ids.size === 1 && ORDER_RISK.test(core))) return null; // two orders: two questions
  const [id] = ids;
  // A status ask and a return ask anywhere in the message are two questions, even far apart.
  if ([STATUS, RETURN].every((keywords) => new RegExp(String.raw`\b(?:${keywords})`).test(core))) return null;
  const intents: Intent[] = [];
  if (id !== undefined && near(core, STATUS, id)) intents.push({ kind: 'order_status', orderId: id.toUpperCase() });
  if (id !== undefined && near(core, RETURN, id))
    intents.push({ kind: 'return_eligibility', orderId: id.toUpperCase() });
  const money = CONVERT.exec(core);
  const [from, to] = [money?.[1] ?? money?.[3], money?.[4]].map(toCode);
  // A symbol and a code that disagree ("$50 CAD") or a side that is no currency: not ours to guess.
  if (money && from && to && !(money[1] && money[3] && toCode(money[1]) !== toCode(money[3]))) {
    intents.push({ kind: 'convert_currency', amount: toNumber(money[2] ?? ''), from, to });
  }
  if (PASSWORD.test(core) && PASSWORD_ACTION.test(core)) intents.push({ kind: 'password_reset' });
  // Exactly one ask, and no order id riding along with an ask that is not about the order.
  if (intents.length !== 1 || (id !== undefined && !intents.some((i) => 'orderId' in i))) return null;
  return intents[0] ?? null;
}

/** Whether a keyword stands within four words of the order id: a far one is about something else. */
function near(text: string, keywords: string, id: string): boolean {
  const gap = String.raw`\W+(?:[\w'#-]+\W+){0,4}?`;
  return new RegExp(String.raw`\b(?:${keywords})\b${gap}${id}|${id}${gap}(?:${keywords})\b`).test(text);
}

function toCode(token: string | undefined): string | undefined {
  const code = token === undefined ? undefined : (CODE_OF.get(token) ?? token.toUpperCase());
  return code && ISO_CODES.has(code) ? code : undefined;
}

function toNumber(amount: string): number {
  const [, whole = '', decimals = '0'] = /^(.*?)(?:[.,](\d{1,2}))?$/.exec(amount) ?? [];
  return Number(`${whole.replace(/[., ]/g, '')}.${decimals}`);
}
