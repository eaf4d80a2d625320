/**
 * Stable chunk ids: re-indexing the same content gives the same ids, so upserts replace
 * instead of duplicating, and unchanged chunks need not be embedded again.
 */
// TODO: you will need `createHash` from 'node:crypto'.

/**
 * The id of a chunk: `<source>#<12 hex digits>` of a SHA-256 over source, heading path and text.
 * Not the position in the document, so an edit in one section leaves other sections' ids alone.
 * `occurrence` (from 0) separates identical text repeated under the same heading.
 */
export function chunkId(source: string, headingPath: readonly string[], text: string, occurrence = 0): string {
  // TODO: hash source, the heading path and the text (and `occurrence` when > 0) with SHA-256.
  //       Join the parts with separators that cannot occur inside them ('\u0000' between parts,
  //       '\u001f' between headings) so ['A B'] and ['A', 'B'] hash differently.
  //       Return `${source}#${hex.slice(0, 12)}`.
  throw new Error(`TODO: chunkId(${source}, ${headingPath.length} headings, ${text.length} chars, ${occurrence})`);
}
