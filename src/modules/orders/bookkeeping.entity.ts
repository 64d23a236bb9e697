import { Entity, Property, Unique } from '@mikro-orm/decorators/legacy';
import { TenantEntity } from '../../shared/tenant.entity.js';

/**
 * Gap-free counters per organization, kind and year (year 0 when numbers do not restart). The
 * next value is taken with one upsert whose row lock lasts until the transaction ends, so
 * concurrent takers queue and a rolled-back taker leaves no gap.
 */
@Entity({ tableName: 'document_sequences' })
@Unique({ properties: ['organization', 'kind', 'year'] })
export class DocumentSequence extends TenantEntity {
  @Property({ type: 'string', length: 30 })
  kind!: string;

  @Property({ type: 'integer' })
  year!: number;

  @Property({ type: 'integer' })
  lastValue!: number;
}

/** The first result of an operation called with a client's idempotency key, and a hash of what was asked. */
@Entity({ tableName: 'idempotency_keys' })
@Unique({ properties: ['organization', 'operation', 'key'] })
export class IdempotencyKey extends TenantEntity {
  @Property({ type: 'string', length: 50 })
  operation!: string;

  @Property({ type: 'string', length: 200 })
  key!: string;

  @Property({ type: 'string', columnType: 'char(64)' })
  requestHash!: string;

  @Property({ type: 'uuid', nullable: true })
  resultId: string | null = null;
}
