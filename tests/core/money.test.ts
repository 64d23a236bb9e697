import { describe, expect, it } from 'vitest';
import { InputCheck } from '../../src/shared/input-check.js';
import { checkMoney, decimalMoney, isCurrencyCode, Money } from '../../src/shared/money.js';

describe('money helpers', () => {
  it('accepts ISO 4217 codes only: not made-up, lower-case or test codes', () => {
    expect(['USD', 'EUR', 'JPY', 'KWD', 'CHF'].every(isCurrencyCode)).toBe(true);
    expect(['XYZ', 'usd', 'US', 'USDD', 'XXX', 'XTS', '', null, 840].some(isCurrencyCode)).toBe(false);
    expect(() => Money.of(1, 'XYZ')).toThrow(RangeError);
  });

  it("prints minor units as money in the currency's own decimals, exactly", () => {
    expect(decimalMoney(9075, 'USD')).toBe('90.75 USD');
    expect(decimalMoney(5, 'EUR')).toBe('0.05 EUR');
    expect(decimalMoney(-120, 'USD')).toBe('-1.20 USD');
    expect(decimalMoney(9075, 'JPY')).toBe('9075 JPY');
    expect(decimalMoney(1234, 'KWD')).toBe('1.234 KWD');
    expect(decimalMoney(9_007_199_254_740_991, 'USD')).toBe('90071992547409.91 USD');
  });

  it('names the field of a bad money input: currency, amount and another currency than the record', () => {
    const check = new InputCheck();
    checkMoney(check, 'price', { amount: 1.5, currency: 'XYZ' });
    checkMoney(check, 'cost', { amount: 100, currency: 'EUR' }, { currency: 'USD', what: 'the order' });
    checkMoney(check, 'fee', { amount: 2_000, currency: 'USD' }, { max: 1_000 });
    checkMoney(check, 'none', null);
    expect(check.errors.map((e) => [e.field, e.code, e.message])).toEqual([
      ['price.currency', 'INVALID', 'price.currency must be an ISO 4217 currency code like "USD"'],
      ['price.amount', 'INVALID', 'price.amount must be a whole number of minor units, 0 minor units or more'],
      ['cost.currency', 'CURRENCY_MISMATCH', 'cost is in EUR, the order in USD'],
      ['fee.amount', 'INVALID', 'fee.amount must be a whole number of minor units from 0.00 USD to 10.00 USD'],
    ]);
  });
});
