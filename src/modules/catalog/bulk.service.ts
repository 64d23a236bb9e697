import type { EntityManager } from '@mikro-orm/sql';
import { AppError } from '../../shared/errors.js';
import { inTransaction } from '../../shared/transaction.js';
import { PayloadError, type UserError, UserErrorCode, userError } from '../../shared/user-error.js';

export const MAX_BULK_ROWS = 100;

export type BulkRow<T> = { index: number; record: T | null; errors: UserError[] };

class AllOrNothingFailed<T> extends Error {
  constructor(readonly rows: BulkRow<T>[]) {
    super('bulk rows failed');
  }
}

/** Prefixes a row's error fields with its position, e.g. `2.sku`. */
const inRow = (index: number, errors: UserError[]) => errors.map((e) => ({ ...e, field: e.field ? `${index}.${e.field}` : `${index}` }));

/**
 * Runs `apply` for each row, each in its own savepoint: a failing row leaves nothing behind and
 * the others carry on. With `allOrNothing`, any failure rolls every row back.
 */
export async function runBulk<I, T>(
  em: EntityManager,
  rows: I[],
  allOrNothing: boolean,
  apply: (tx: EntityManager, row: I) => Promise<T>,
): Promise<{ rows: BulkRow<T>[]; errors: UserError[] }> {
  if (rows.length === 0 || rows.length > MAX_BULK_ROWS) {
    return { rows: [], errors: [userError(UserErrorCode.INVALID, null, `Send 1 to ${MAX_BULK_ROWS} rows, not ${rows.length}`)] };
  }
  try {
    const results = await inTransaction(em, async (tx) => {
      const done: BulkRow<T>[] = [];
      for (const [index, row] of rows.entries()) {
        try {
          done.push({ index, record: await apply(tx, row), errors: [] });
        } catch (error) {
          // In a bulk call an unknown ID is this row's problem, not the whole call's.
          if (error instanceof AppError && error.extensions.code === 'NOT_FOUND') {
            done.push({ index, record: null, errors: inRow(index, [userError(UserErrorCode.NOT_FOUND, 'id', error.message)]) });
            continue;
          }
          if (!(error instanceof PayloadError)) throw error;
          done.push({ index, record: null, errors: inRow(index, error.errors) });
        }
      }
      if (allOrNothing && done.some((r) => r.errors.length > 0)) throw new AllOrNothingFailed(done);
      return done;
    });
    return { rows: results, errors: [] };
  } catch (error) {
    if (!(error instanceof AllOrNothingFailed)) throw error;
    const failed = (error.rows as BulkRow<T>[]).filter((r) => r.errors.length > 0).length;
    return {
      rows: (error.rows as BulkRow<T>[]).map((r) => ({ ...r, record: null })),
      errors: [userError(UserErrorCode.INVALID, null, `${failed} of ${rows.length} rows failed; nothing was saved (allOrNothing)`)],
    };
  }
}
