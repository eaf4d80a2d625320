/**
 * Stable chunk ids: re-indexing the same content gives the same ids, so upserts replace
 * instead of duplicating, and unchanged chunks need not be embedded again.
 */
import { createHash } from 'node:crypto';

/**
 * The id of a chunk: `<source>#<12 hex digits>` of a SHA-256 over source, heading path and text.
 * Not the position in the document, so an edit in one section leaves other sections' ids alone.
 * `occurrence` (from 0) separates identical text repeated under the same heading.
 */
export function chunkId(source: string, headingPath: readonly string[], text: string, occurrence = 0): string {
  // Separators that cannot appear in the parts, so ('a', 'b c') and ('a b', 'c') differ.
  const key = [source, headingPath.join('\u001f'), text, occurrence > 0 ? String(occurrence) : ''].join('\u0000');
  return `${source}#${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}
