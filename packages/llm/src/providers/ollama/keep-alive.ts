/**
 * Ollama's `keep_alive`, read as its Go server reads it (api.Duration.UnmarshalJSON): a number is
 * seconds, a string is a Go duration parsed by time.ParseDuration (so "300" without a unit is an
 * error), and a negative value keeps the model loaded for ever. Errors carry Go's own messages,
 * which the server returns as the 400's `error`. The adapters check a configured keep_alive with
 * it before sending; testkit's Ollama emulator answers with it.
 */
import { ProviderError } from '../../spec/errors.ts';

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Go's strconv.Quote for the strings that reach these messages. */
const quote = (text: string) => JSON.stringify(text);

/** Go's time.ParseDuration, in milliseconds; throws an Error with Go's message. */
export function parseGoDuration(text: string): number {
  const invalid = () => new Error(`time: invalid duration ${quote(text)}`);
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw invalid();
  let total = 0;
  while (rest !== '') {
    const number = /^(\d*)(\.(\d*))?/.exec(rest);
    const whole = number?.[1] ?? '';
    const fraction = number?.[3] ?? '';
    if (whole === '' && fraction === '') throw invalid();
    rest = rest.slice(number?.[0].length ?? 0);
    const unit = /^[^\d.]*/.exec(rest)?.[0] ?? '';
    if (unit === '') throw new Error(`time: missing unit in duration ${quote(text)}`);
    const scale = UNIT_MS[unit];
    if (scale === undefined) throw new Error(`time: unknown unit ${quote(unit)} in duration ${quote(text)}`);
    rest = rest.slice(unit.length);
    total += Number(`${whole || '0'}.${fraction || '0'}`) * scale;
  }
  return sign * total;
}

/** Go's reflect type names, as in Ollama's "Unsupported type" error. */
function goType(value: unknown): string {
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return '[]interface {}';
  return 'map[string]interface {}';
}

/**
 * How long a request keeps its model loaded, in ms (Infinity: for ever), from the request's
 * `keep_alive`; `fallback` when it is absent or null. Throws with the server's message.
 */
export function parseOllamaKeepAlive(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number') return value < 0 ? Number.POSITIVE_INFINITY : value * 1000;
  if (typeof value === 'string') {
    const ms = parseGoDuration(value);
    return ms < 0 ? Number.POSITIVE_INFINITY : ms;
  }
  throw new Error(`Unsupported type: '${goType(value)}'`);
}

/** The adapters' check of a configured keep_alive: one line naming the value and the fix. */
export function checkKeepAlive(value: string | number | undefined): void {
  if (value === undefined) return;
  try {
    parseOllamaKeepAlive(value, 0);
  } catch (error) {
    throw new ProviderError(
      'config',
      'ollama',
      `keep_alive ${JSON.stringify(value)} would be refused by Ollama (${(error as Error).message}): use a duration with a unit such as "300s" or "30m", a number of seconds, or -1 to keep the model loaded`,
    );
  }
}
