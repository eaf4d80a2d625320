/**
 * Span-by-span evaluation of a PII detector on the Presidio synthetic dataset
 * (`labs/06-safety/fixtures/presidio-synth-train.json`). Given code: identical in the starter.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { FIXTURES_DIR } from '../injection/dataset.ts';
import { PII_TYPES, type PiiFinding, type PiiType } from './types.ts';

/** Presidio's entity names for the six types this lab detects; other entities are ignored. */
export const PRESIDIO_TYPES: Record<string, PiiType> = {
  EMAIL_ADDRESS: 'EMAIL',
  PHONE_NUMBER: 'PHONE',
  CREDIT_CARD: 'CREDIT_CARD',
  IBAN_CODE: 'IBAN',
  US_SSN: 'US_SSN',
  IP_ADDRESS: 'IP_ADDRESS',
};

/** One record: a text and its gold spans (of our six types only). */
export interface PiiRecord {
  text: string;
  spans: PiiFinding[];
}

const PresidioFile = z.array(
  z.object({
    full_text: z.string(),
    spans: z.array(z.object({ entity_type: z.string(), start_position: z.number(), end_position: z.number() })),
  }),
);

/** Loads the Presidio records, keeping only the spans of the six structured types. */
export function loadPiiRecords(file: string = path.join(FIXTURES_DIR, 'presidio-synth-train.json')): PiiRecord[] {
  const parsed = PresidioFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: not in the Presidio synth_dataset format`);
  return parsed.data.map((record) => ({
    text: record.full_text,
    spans: record.spans.flatMap((span) => {
      const type = PRESIDIO_TYPES[span.entity_type];
      return type ? [{ type, start: span.start_position, end: span.end_position }] : [];
    }),
  }));
}

/** Precision and recall of one type. */
export interface TypeScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

/**
 * Exact span matching: a prediction counts when a gold span has the same type, start and end.
 * Anything else is a false positive (wrong type or boundaries) and leaves the gold span a false
 * negative — the strict reading, since a half-redacted card number is still a leak.
 */
export function scorePii(
  records: readonly PiiRecord[],
  detect: (text: string) => PiiFinding[],
): Record<PiiType, TypeScore> {
  const counts = Object.fromEntries(PII_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }])) as Record<
    PiiType,
    { tp: number; fp: number; fn: number }
  >;
  for (const record of records) {
    const gold = new Set(record.spans.map((s) => `${s.type}:${s.start}:${s.end}`));
    const predicted = new Set(detect(record.text).map((s) => `${s.type}:${s.start}:${s.end}`));
    for (const key of predicted) {
      const type = key.split(':')[0] as PiiType;
      if (gold.has(key)) counts[type].tp += 1;
      else counts[type].fp += 1;
    }
    for (const key of gold) if (!predicted.has(key)) counts[key.split(':')[0] as PiiType].fn += 1;
  }
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  return Object.fromEntries(
    PII_TYPES.map((t) => {
      const c = counts[t];
      return [t, { ...c, precision: ratio(c.tp, c.tp + c.fp), recall: ratio(c.tp, c.tp + c.fn) }];
    }),
  ) as Record<PiiType, TypeScore>;
}
