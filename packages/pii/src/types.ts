/** The structured PII types the detector finds, in the order reports list them. */
export const PII_TYPES = ['EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN', 'US_SSN', 'IP_ADDRESS'] as const;

/** One of `PII_TYPES`. */
export type PiiType = (typeof PII_TYPES)[number];

/** One detected span of PII in a text. */
export interface PiiFinding {
  /** What kind of data it is. */
  type: PiiType;
  /** Offset of the first character (JavaScript string index, UTF-16). */
  start: number;
  /** Offset just past the last character, so `text.slice(start, end)` is the value. */
  end: number;
}

/** A text with its PII replaced, and where the PII was (offsets into the ORIGINAL text). */
export interface RedactionResult {
  /** The text with every finding replaced by `[TYPE]`. */
  text: string;
  /** The findings, ordered by `start`, not overlapping. */
  findings: PiiFinding[];
}
