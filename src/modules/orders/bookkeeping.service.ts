import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import { PayloadError, UserErrorCode } from '../../shared/user-error.js';
import { IdempotencyKey } from './bookkeeping.entity.js';
import type { Actor } from '../customers/record-input.js';

/**
 * Takes the next number of a gap-free sequence. The upsert locks the counter row until the
 * transaction ends: concurrent takers wait their turn, and a rollback gives the number back.
 */
export async function nextNumber(em: EntityManager, organizationId: string, kind: string, year = 0): Promise<number> {
  const [row] = await em.execute<{ last_value: number }[]>(
    `insert into document_sequences (id, created_at, updated_at, organization_id, kind, year, last_value)
     values (gen_random_uuid(), now(), now(), ?, ?, ?, 1)
     on conflict (organization_id, kind, year) do update set last_value = document_sequences.last_value + 1, updated_at = now()
     returning last_value`,
    [organizationId, kind, year],
  );
  return Number(row.last_value);
}

/** JSON with sorted keys, so equal requests hash equally whatever the key order. */
function canonical(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/**
 * Runs `create` at most once per idempotency key: the key is claimed first (a concurrent call with
 * the same key waits for this transaction, then finds it), and replays return the first result via
 * `load`. The same key with a different request is refused with IDEMPOTENCY_CONFLICT. Without a key
 * `create` just runs. A refused `create` rolls back with the key, so the key can be used again.
 */
export async function idempotent<T extends { id: string }>(
  tx: EntityManager,
  actor: Actor,
  operation: string,
  key: string | null | undefined,
  request: object,
  create: () => Promise<T>,
  load: (id: string) => Promise<T>,
): Promise<T> {
  if (key == null) return create();
  const trimmed = key.trim();
  if (trimmed.length === 0 || trimmed.length > 200)
    throw PayloadError.of(UserErrorCode.INVALID, 'idempotencyKey', 'idempotencyKey must be 1 to 200 characters');
  const { idempotencyKey: _, ...rest } = request as Record<string, unknown>;
  const hash = createHash('sha256').update(canonical(rest)).digest('hex');
  const claimed = await tx.execute<{ id: string }[]>(
    `insert into idempotency_keys (id, created_at, updated_at, organization_id, operation, key, request_hash)
     values (gen_random_uuid(), now(), now(), ?, ?, ?, ?) on conflict (organization_id, operation, key) do nothing returning id`,
    [actor.organizationId, operation, trimmed, hash],
  );
  if (claimed.length === 0) {
    const first = await tx.findOneOrFail(IdempotencyKey, { operation, key: trimmed }, { refresh: true });
    if (first.requestHash !== hash || !first.resultId)
      throw PayloadError.of(UserErrorCode.IDEMPOTENCY_CONFLICT, 'idempotencyKey', `idempotencyKey "${trimmed}" was already used for another request`);
    return load(first.resultId);
  }
  const result = await create();
  await tx.nativeUpdate(IdempotencyKey, { id: claimed[0].id }, { resultId: result.id });
  return result;
}
