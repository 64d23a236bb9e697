import { BigIntType } from '@mikro-orm/core';

/** Options of an integer minor-units column (bigint, read as a JS number; amounts stay within 2^53). */
export const minorUnits = (options: { default?: number } = {}) => ({
  type: new BigIntType('number'),
  columnType: 'bigint',
  ...(options.default !== undefined ? { default: options.default } : {}),
});
