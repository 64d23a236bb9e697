import { BigIntType } from '@mikro-orm/core';
import { Embeddable, Property } from '@mikro-orm/decorators/legacy';
import { Field, ObjectType } from 'type-graphql';
import { SafeIntResolver } from 'graphql-scalars';

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
    if (!/^[A-Z]{3}$/.test(currency)) throw new RangeError(`Currency must be an ISO 4217 code like "USD", got "${currency}"`);
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
