import { describe, expect, it } from 'vitest';
import { ibanValid, luhnValid } from '../src/index.ts';

describe('luhnValid', () => {
  it('accepts card numbers of every major scheme, compact or grouped by spaces or dashes', () => {
    for (const card of [
      '4111111111111111', // Visa
      '5500 0000 0000 0004', // Mastercard
      '3400-000000-00009', // Amex (15 digits)
      '6011000990139424', // Discover
      '4222222222222', // 13-digit Visa
    ]) {
      expect(luhnValid(card), card).toBe(true);
    }
  });

  it('rejects a changed digit, swapped neighbours and arbitrary digit runs', () => {
    for (const card of ['4111111111111112', '5500 0000 0000 0005', '1234567812345678', '4111111111111161']) {
      expect(luhnValid(card), card).toBe(false);
    }
  });

  it('rejects anything that is not digits with single separators, and fewer than two digits', () => {
    for (const input of ['abcd', '4111.1111.1111.1111', '4111_1111_1111_1111', '0', '', ' - ']) {
      expect(luhnValid(input), JSON.stringify(input)).toBe(false);
    }
  });
});

describe('ibanValid', () => {
  it('accepts IBANs of different countries and lengths, in any case, grouped or compact', () => {
    for (const iban of [
      'DE89370400440532013000',
      'GB82 WEST 1234 5698 7654 32',
      'gb29nwbk60161331926819',
      'CH9300762011623852957',
      'NO9386011117947', // 15 characters, the shortest in use
      'MT84MALT011000012345MTLCAST001S', // 31 characters, letters inside the account part
    ]) {
      expect(ibanValid(iban), iban).toBe(true);
    }
  });

  it('rejects a changed digit, a changed country and a shape that cannot be an IBAN', () => {
    for (const iban of [
      'DE89370400440532013001',
      'GB82 WEST 1234 5698 7654 33',
      'FR89370400440532013000',
      'XX00',
      'DE89',
      '89DE370400440532013000',
      'DE89-3704-0044-0532-0130-00',
    ]) {
      expect(ibanValid(iban), iban).toBe(false);
    }
  });

  it('computes the remainder piecewise, so 30-digit numbers beyond a double still check exactly', () => {
    // As a double the rearranged 38-digit number loses precision: `Number(digits) % 97` is 55 for both.
    expect(ibanValid('LC55HEMM000100010012001200023015')).toBe(true);
    expect(ibanValid('LC55HEMM000100010012001200023016')).toBe(false);
  });
});
