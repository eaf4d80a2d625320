import unhomoglyph from 'unhomoglyph';

/**
 * Participant names as the room sees them. A name that *looks* like someone else's ("Аlice" with a
 * Cyrillic А, "AIice" with a capital I) must not become a second row that displays as "Alice", and
 * characters that show nothing or reorder text must not disguise a name at all.
 */

/**
 * Characters that are invisible or change the direction of the text around them: controls (Cc),
 * format characters (Cf: zero-width space and joiners, bidi embeddings, overrides and isolates,
 * the soft hyphen), line and paragraph separators, private-use and unassigned code points, and
 * Unicode's Default_Ignorable_Code_Point set (Hangul fillers, variation selectors…).
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Default_Ignorable_Code_Point}]/u;

/** The first invisible or direction-changing character, as `U+202E`; undefined when there is none. */
export function invisibleCharacter(text: string): string | undefined {
  const found = INVISIBLE.exec(text)?.[0];
  return found === undefined
    ? undefined
    : `U+${(found.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** How a name is stored and shown: composed (NFC), trimmed, runs of spaces made one. */
export function displayName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ');
}

/**
 * The UTS #39 skeleton (Unicode Technical Standard #39, section 4): NFD, each character replaced by
 * its prototype from Unicode's confusables.txt, NFD again. Two strings that look alike have the same
 * skeleton. The mapping is `unhomoglyph` (nodeca, MIT; confusables.txt 13.0.0).
 */
export function skeleton(text: string): string {
  return unhomoglyph(text.normalize('NFD')).normalize('NFD');
}

/**
 * Two keys, because case folding and the confusables mapping do not commute ("I" looks like "l",
 * but folds to "i"): `caseKey` makes "Ana", "ANA", "ａｎａ" and "Аna" (Cyrillic) one name;
 * `shapeKey` makes "Alice" and "AIice" one name. A name matching an existing one on either key is
 * that name.
 */
export function nameKeys(name: string): { caseKey: string; shapeKey: string } {
  const shown = displayName(name);
  return { caseKey: skeleton(shown.normalize('NFKC').toLowerCase()), shapeKey: skeleton(shown) };
}
