/**
 * Cost of a call from a price table kept as data (`prices.json`), so updating a price is a
 * data change with a source and a date, never a code change.
 */
import { z } from 'zod';
import type { Cost, TokenUsage } from '../spec/usage.ts';
import defaultPrices from './prices.json' with { type: 'json' };

/** The price of one model, in US dollars per million tokens. */
export interface PriceEntry {
  /** Provider id, e.g. `openai`. */
  provider: string;
  /** Model id, or `*` for every model of the provider (e.g. local Ollama models). */
  model: string;
  /** USD per 1M input (prompt) tokens. */
  inputPerMTok: number;
  /** USD per 1M input tokens served from the provider's prompt cache; the input price when absent. */
  cachedInputPerMTok?: number;
  /** USD per 1M output (generated) tokens. */
  outputPerMTok: number;
  /** Where the figure comes from (a URL or a one-line reason). */
  source: string;
  /** Date the figure was checked, `YYYY-MM-DD`. */
  asOf: string;
}

/** A list of prices; the first matching entry wins. */
export type PriceTable = readonly PriceEntry[];

const priceEntrySchema = z.object({
  provider: z.string().min(1),
  model: z.string().min(1),
  inputPerMTok: z.number().nonnegative(),
  cachedInputPerMTok: z.number().nonnegative().optional(),
  outputPerMTok: z.number().nonnegative(),
  source: z.string().min(1),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
});

/**
 * Validate a custom price table (e.g. parsed from your own JSON file). Throws a one-line
 * error naming the first bad entry and field.
 */
export function definePriceTable(entries: unknown): PriceTable {
  const result = z.array(priceEntrySchema).safeParse(entries);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(root)';
    throw new Error(`Invalid price table at entries.${where}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

/** The built-in table from `prices.json`. */
export const DEFAULT_PRICES: PriceTable = definePriceTable(defaultPrices.entries);

// Dated snapshots (`gpt-4o-mini-2024-07-18`) are priced like their alias (`gpt-4o-mini`).
const DATE_SUFFIX = /-\d{4}-\d{2}-\d{2}$/;
// Ollama tags (`llama3.2:latest`, `qwen2.5:7b`) name variants of the same model.
const TAG_SUFFIX = /:[^:/]+$/;

/** Find the price of a model: exact id, then without a date or tag suffix, then the provider's `*`. */
export function findPrice(provider: string, model: string, table: PriceTable = DEFAULT_PRICES): PriceEntry | undefined {
  const candidates = [model, model.replace(DATE_SUFFIX, ''), model.replace(TAG_SUFFIX, ''), '*'];
  for (const candidate of candidates) {
    const entry = table.find((e) => e.provider === provider && e.model === candidate);
    if (entry) return entry;
  }
  return undefined;
}

/**
 * What `usage` cost on `provider`/`model`. Cached input tokens (`usage.cachedInputTokens`) are
 * priced at `cachedInputPerMTok`. A model missing from the table costs zero with `priced: false`,
 * so callers can tell "free" from "unknown".
 */
export function costOf(provider: string, model: string, usage: TokenUsage, table: PriceTable = DEFAULT_PRICES): Cost {
  const price = findPrice(provider, model, table);
  if (!price) return { inputUsd: 0, outputUsd: 0, totalUsd: 0, priced: false };
  const cached = Math.min(Math.max(0, usage.cachedInputTokens ?? 0), usage.inputTokens);
  const cachedPrice = price.cachedInputPerMTok ?? price.inputPerMTok;
  const inputUsd = ((usage.inputTokens - cached) * price.inputPerMTok + cached * cachedPrice) / 1_000_000;
  const outputUsd = (usage.outputTokens * price.outputPerMTok) / 1_000_000;
  return { inputUsd, outputUsd, totalUsd: inputUsd + outputUsd, priced: true };
}
