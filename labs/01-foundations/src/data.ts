/**
 * Loads the lookup tables from `labs/01-foundations/fixtures/`. Given code: the same file
 * in the starter and the solution (both live at `<root>/<labs|solutions>/01-foundations/src`,
 * so the relative path resolves to the same folder).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Fixtures } from './types.ts';

/** Folder holding `orders.json`, `rates.json` and `policy.json`. */
export const FIXTURES_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'labs', '01-foundations', 'fixtures');

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD date');

const OrdersFile = z.object({
  orders: z.array(
    z.object({
      id: z.string().regex(/^[A-Z]-\d{4}$/, 'expected an order id like A-1042'),
      status: z.enum(['processing', 'shipped', 'delivered', 'cancelled']),
      carrier: z.string().nullable(),
      placedAt: isoDate,
      deliveredAt: isoDate.nullable(),
      items: z.array(z.string()),
      finalSale: z.boolean(),
    }),
  ),
});

const RatesFile = z.object({
  base: z.string().regex(/^[A-Z]{3}$/),
  asOf: isoDate,
  rates: z.record(z.string().regex(/^[A-Z]{3}$/), z.number().positive()),
});

const PolicyFile = z.object({
  returnWindowDays: z.number().int().nonnegative(),
  passwordResetUrl: z.url(),
  supportEmail: z.email(),
});

/** Reads and validates one JSON file; a bad file is one line naming the file and the field. */
function readJson<T>(file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
  }
  return parsed.data;
}

/** Loads every lookup table. Pass another folder to use your own data. */
export function loadFixtures(dir: string = FIXTURES_DIR): Fixtures {
  return {
    orders: readJson(path.join(dir, 'orders.json'), OrdersFile).orders,
    rates: readJson(path.join(dir, 'rates.json'), RatesFile),
    policy: readJson(path.join(dir, 'policy.json'), PolicyFile),
  };
}
