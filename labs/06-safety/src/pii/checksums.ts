/**
 * Check digits that separate real account numbers from any long run of digits. Without them a
 * redactor either misses cards or blanks out order numbers, tracking codes and timestamps.
 */

/**
 * Luhn (mod 10), used by every payment card: from the rightmost digit, double every second digit,
 * subtract 9 from doubles above 9, and the sum must be a multiple of 10. Spaces and dashes are
 * ignored; anything else, or fewer than 2 digits, fails.
 */
export function luhnValid(input: string): boolean {
  // TODO (DoD-5): strip spaces and dashes; anything but 2+ digits → false. From the RIGHTMOST digit,
  // double every second digit (subtract 9 when the double exceeds 9), sum all, valid when sum % 10 === 0.
  void input;
  throw new Error('TODO: luhnValid — the Luhn mod-10 check');
}

/**
 * IBAN check (ISO 13616, mod 97): move the first four characters to the end, turn letters into
 * numbers (A = 10 … Z = 35), and the number mod 97 must be 1. Spaces are ignored, case too.
 * The remainder is computed piecewise, because the number has ~30 digits — beyond a double.
 */
export function ibanValid(input: string): boolean {
  // TODO (DoD-5): remove spaces, upper-case; must match /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/ or → false.
  // Move the first 4 characters to the end; read it as a number where A=10 … Z=35; valid when
  // number mod 97 === 1. Compute the remainder character by character
  // (`remainder = (remainder * (value >= 10 ? 100 : 10) + value) % 97`) — the number has ~30 digits.
  void input;
  throw new Error('TODO: ibanValid — the ISO 13616 mod-97 check');
}
