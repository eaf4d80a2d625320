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
  const digits = input.replace(/[ -]/g, '');
  if (!/^\d{2,}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * IBAN check (ISO 13616, mod 97): move the first four characters to the end, turn letters into
 * numbers (A = 10 … Z = 35), and the number mod 97 must be 1. Spaces are ignored, case too.
 * The remainder is computed piecewise, because the number has ~30 digits — beyond a double.
 */
export function ibanValid(input: string): boolean {
  const iban = input.replace(/ /g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= 'A' ? char.charCodeAt(0) - 55 : char.charCodeAt(0) - 48;
    remainder = (remainder * (value >= 10 ? 100 : 10) + value) % 97;
  }
  return remainder === 1;
}
