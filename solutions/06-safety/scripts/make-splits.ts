/**
 * Writes the lab's dev / test splits from the copied source data (deterministic: same input, same
 * files, byte for byte):
 *
 *   node solutions/06-safety/scripts/make-splits.ts
 *
 * - `injections.{dev,test}.jsonl` from `deepset-train.jsonl`: stratified by label, 80 / 20, and
 *   grouped first: prompts that share a run of six words (the dataset appends the same attack to
 *   different questions) land on the same side, so the test split measures attacks the model has
 *   not seen verbatim.
 * - `direct-requests.{dev,test}.jsonl` from `direct-requests.jsonl`: 65 / 35.
 * - `pii-conversations.{dev,test}.jsonl` from `presidio-synth-train.json`: records split 50 / 50,
 *   stratified by the rarest PII type they hold, then grouped into conversations of three
 *   records with structured PII, one record without, and one follow-up turn that repeats a value
 *   from an earlier turn (`FOLLOW_UPS`), so "the same value again" occurs in every conversation.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES_DIR, type LabelledText, loadInjectionRows, shingleGroups } from '../src/injection/dataset.ts';
import { seededRandom, shuffled } from '../src/injection/random.ts';
import { PRESIDIO_TYPES } from '../src/pii/evaluation.ts';

const SEED = 2606;
const out = (name: string) => path.join(FIXTURES_DIR, name);
const jsonl = (rows: readonly unknown[]) => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';

// --- injections: grouped, stratified 80 / 20 ------------------------------------------------------

function splitInjections(rows: readonly LabelledText[], testShare: number): [LabelledText[], LabelledText[]] {
  const random = seededRandom(SEED);
  const target = [0, 1].map((label) => Math.round(rows.filter((r) => r.label === label).length * testShare));
  const taken = [0, 0];
  const dev: LabelledText[] = [];
  const test: LabelledText[] = [];
  // Whole groups in a seeded order; a group goes to test while both labels stay within quota. The
  // two families of dozens of variants stay in dev: one of them alone would be a fifth of the test.
  const groups = shuffled(shingleGroups(rows.map((row) => row.text)), random);
  for (const group of groups) {
    const members = group.map((i) => rows[i] as LabelledText);
    const add = [0, 1].map((label) => members.filter((r) => r.label === label).length);
    const fits = add.every((n, label) => (taken[label] as number) + n <= (target[label] as number));
    if (fits && group.length <= 10) {
      test.push(...members);
      add.forEach((n, label) => {
        taken[label] = (taken[label] as number) + n;
      });
    } else dev.push(...members);
  }
  return [shuffled(dev, random), shuffled(test, random)];
}

const [injectionDev, injectionTest] = splitInjections(loadInjectionRows(), 0.2);
writeFileSync(out('injections.dev.jsonl'), jsonl(injectionDev));
writeFileSync(out('injections.test.jsonl'), jsonl(injectionTest));

// --- direct requests: 65 / 35 ------------------------------------------------------------------------

const direct = shuffled(loadInjectionRows(out('direct-requests.jsonl')), seededRandom(SEED + 1));
const directCut = Math.round(direct.length * 0.65);
writeFileSync(out('direct-requests.dev.jsonl'), jsonl(direct.slice(0, directCut)));
writeFileSync(out('direct-requests.test.jsonl'), jsonl(direct.slice(directCut)));

// --- PII conversations from Presidio ------------------------------------------------------------------

interface PresidioRecord {
  full_text: string;
  spans: { entity_type: string; entity_value: string; start_position: number; end_position: number }[];
}
interface Span {
  type: string;
  start: number;
  end: number;
  value: string;
}
interface Turn {
  text: string;
  spans: Span[];
}

/** How a customer repeats a value; `{}` is where the value goes. */
const FOLLOW_UPS = [
  'Just to confirm, it is {}.',
  'Sorry, I meant {} as I said before.',
  'Can you check {} again?',
  'Did you get {}?',
];

const toTurn = (record: PresidioRecord): Turn => ({
  text: record.full_text,
  spans: record.spans
    .filter((s) => PRESIDIO_TYPES[s.entity_type])
    .map((s) => ({
      type: PRESIDIO_TYPES[s.entity_type] as string,
      start: s.start_position,
      end: s.end_position,
      value: record.full_text.slice(s.start_position, s.end_position),
    }))
    .sort((a, b) => a.start - b.start),
});

function conversations(records: readonly PresidioRecord[], prefix: string, random: () => number) {
  const turns = records.map(toTurn);
  const withPii = shuffled(
    turns.filter((t) => t.spans.length > 0),
    random,
  );
  const plain = shuffled(
    turns.filter((t) => t.spans.length === 0),
    random,
  );
  const rows: { id: string; turns: Turn[] }[] = [];
  for (let i = 0; i + 3 <= withPii.length; i += 3) {
    const conversation = [...withPii.slice(i, i + 3)];
    const filler = plain[rows.length % plain.length];
    if (filler) conversation.splice(Math.floor(random() * 4), 0, filler);
    const spans = conversation.flatMap((t) => t.spans);
    const repeated = spans[Math.floor(random() * spans.length)] as Span;
    const template = FOLLOW_UPS[Math.floor(random() * FOLLOW_UPS.length)] as string;
    const start = template.indexOf('{}');
    conversation.push({
      text: template.replace('{}', repeated.value),
      spans: [{ ...repeated, start, end: start + repeated.value.length }],
    });
    rows.push({ id: `${prefix}-${String(rows.length + 1).padStart(3, '0')}`, turns: conversation });
  }
  return rows;
}

const presidio = JSON.parse(readFileSync(out('presidio-synth-train.json'), 'utf8')) as PresidioRecord[];
const piiRandom = seededRandom(SEED + 2);
// Stratified by the rarest structured type a record holds, so every type occurs on both sides.
const rarity = ['US_SSN', 'IP_ADDRESS', 'IBAN', 'EMAIL', 'PHONE', 'CREDIT_CARD'];
const stratum = (r: PresidioRecord) => {
  const types = toTurn(r).spans.map((s) => s.type);
  return rarity.find((t) => types.includes(t)) ?? 'none';
};
const testRecords = new Set<PresidioRecord>();
for (const key of [...rarity, 'none']) {
  const group = shuffled(
    presidio.filter((r) => stratum(r) === key),
    piiRandom,
  );
  for (const record of group.slice(0, Math.round(group.length / 2))) testRecords.add(record);
}
writeFileSync(
  out('pii-conversations.dev.jsonl'),
  jsonl(
    conversations(
      presidio.filter((r) => !testRecords.has(r)),
      'dev',
      piiRandom,
    ),
  ),
);
writeFileSync(
  out('pii-conversations.test.jsonl'),
  jsonl(
    conversations(
      presidio.filter((r) => testRecords.has(r)),
      'test',
      piiRandom,
    ),
  ),
);

console.log(
  `injections: dev ${injectionDev.length} (${injectionDev.filter((r) => r.label === 1).length} attacks), test ${injectionTest.length} (${injectionTest.filter((r) => r.label === 1).length} attacks)`,
);
console.log(`direct requests: dev ${directCut}, test ${direct.length - directCut}`);
