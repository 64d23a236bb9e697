import { BigIntType } from '@mikro-orm/core';
import { Embeddable, Property } from '@mikro-orm/decorators/legacy';
import { Field, InputType, ObjectType } from 'type-graphql';
import { SafeIntResolver } from 'graphql-scalars';
import type { InputCheck } from './input-check.js';
import { UserErrorCode } from './user-error.js';

/**
 * The ISO 4217 codes this runtime knows (ICU's list: active currencies plus a few funds such as
 * XDR); test and no-currency codes (XTS, XXX) and made-up ones (XYZ) are not in it. The one
 * currency check of the API: every input and argument that takes a currency goes through it.
 */
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** True for an upper-case ISO 4217 code this runtime knows, e.g. "USD". */
export const isCurrencyCode = (code: unknown): code is string => typeof code === 'string' && CURRENCIES.has(code);

export const currencyHint = 'must be an ISO 4217 currency code like "USD"';

/** Records INVALID on `field` unless `code` is an ISO 4217 code; returns whether it is. */
export function checkCurrency(check: InputCheck, field: string, code: string | null | undefined): boolean {
  if (code == null) return true;
  if (isCurrencyCode(code)) return true;
  check.fail(field, UserErrorCode.INVALID, `${field} ${currencyHint}`);
  return false;
}

/** An amount of money given to the API: integer minor units plus an ISO 4217 code (the input twin of `Money`). */
@InputType({
  description:
    'An amount of money given to the API: integer minor units (cents for USD, yen for JPY) plus an ISO 4217 currency code. Every money input takes this shape.',
})
export class MoneyInput {
  @Field(() => SafeIntResolver, { description: 'Amount in minor units of `currency` (e.g. 9075 for 90.75 USD), an integer.' })
  amount!: number;

  @Field(() => String, { description: 'ISO 4217 currency code, e.g. "USD" (checked against the ISO 4217 list).' })
  currency!: string;
}

export type MoneyValue = { amount: number; currency: string };

/**
 * Checks a money input: a known ISO 4217 currency (`<field>.currency`), a whole amount from `min`
 * (default 0) to `max` minor units (`<field>.amount`) and, when `currency` is given, that currency
 * (CURRENCY_MISMATCH on `<field>.currency`, `what` naming the record). Returns whether it passed.
 */
export function checkMoney(
  check: InputCheck,
  field: string,
  money: MoneyValue | null | undefined,
  { min = 0, max = Number.MAX_SAFE_INTEGER, currency, what }: { min?: number; max?: number; currency?: string | null; what?: string } = {},
): boolean {
  if (money == null) return true;
  const before = check.errors.length;
  if (checkCurrency(check, `${field}.currency`, money.currency) && currency && money.currency !== currency)
    check.fail(`${field}.currency`, UserErrorCode.CURRENCY_MISMATCH, `${field} is in ${money.currency}, ${what ?? 'the record'} in ${currency}`);
  if (!Number.isSafeInteger(money.amount) || money.amount < min || money.amount > max) {
    // Bounds read as money when the currency is known (`0.00 USD to 10000000.00 USD`), else in minor units.
    const bound = (n: number) => (isCurrencyCode(money.currency) ? decimalMoney(n, money.currency) : `${n} minor units`);
    check.fail(
      `${field}.amount`,
      UserErrorCode.INVALID,
      max === Number.MAX_SAFE_INTEGER
        ? `${field}.amount must be a whole number of minor units, ${bound(min)} or more`
        : `${field}.amount must be a whole number of minor units from ${bound(min)} to ${bound(max)}`,
    );
  }
  return check.errors.length === before;
}

/** Options of a bigint column read as a JS number (the values stay within 2^53): token counts, milliseconds. */
export const bigintNumber = (options: { default?: number; nullable?: boolean } = {}) => ({
  type: new BigIntType('number'),
  columnType: 'bigint',
  ...(options.default !== undefined ? { default: options.default } : {}),
  ...(options.nullable ? { nullable: true } : {}),
});

/** Options of an integer minor-units column: a bigint read as a JS number (amounts stay within 2^53). */
export const minorUnits = bigintNumber;

/** Money as integer minor units plus an ISO 4217 currency code; never floats. */
@Embeddable()
@ObjectType({ description: 'An amount of money: integer minor units (cents) plus an ISO 4217 currency code.' })
export class Money {
  @Property(minorUnits())
  @Field(() => SafeIntResolver, { description: 'Amount in minor units (e.g. cents), an integer.' })
  amount!: number;

  @Property({ type: 'string', columnType: 'char(3)' })
  @Field(() => String, { description: 'ISO 4217 currency code, e.g. "USD".' })
  currency!: string;

  static of(amount: number, currency: string): Money {
    if (!Number.isSafeInteger(amount)) throw new RangeError(`Money amount must be an integer number of minor units, got ${amount}`);
    if (!isCurrencyCode(currency)) throw new RangeError(`Currency must be an ISO 4217 code like "USD", got "${currency}"`);
    return Object.assign(new Money(), { amount, currency });
  }
}

const fractionDigits = new Map<string, number>();

/** Digits after the decimal point of a currency's minor unit (2 for USD, 0 for JPY, 3 for KWD). */
export function minorDigits(currency: string): number {
  let digits = fractionDigits.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    fractionDigits.set(currency, digits);
  }
  return digits;
}

/** Minor units as a plain decimal with the code, e.g. `1234.56 USD` (exact: no floating point). */
export function decimalMoney(amount: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = amount < 0 ? '-' : '';
  const units = String(Math.abs(amount)).padStart(digits + 1, '0');
  const whole = digits === 0 ? units : `${units.slice(0, -digits)}.${units.slice(-digits)}`;
  return `${sign}${whole} ${currency}`;
}
