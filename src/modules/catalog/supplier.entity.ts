import type { Opt } from '@mikro-orm/core';
import { Entity, Property, Unique } from '@mikro-orm/decorators/legacy';
import { TenantEntity } from '../../shared/tenant.entity.js';

/** A company the organization buys from. Needs the plan feature `catalog.manage_suppliers`. */
@Entity({ tableName: 'suppliers' })
@Unique({ properties: ['organization', 'externalId'] })
export class Supplier extends TenantEntity {
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'string', length: 254, nullable: true })
  email: string | null = null;

  @Property({ type: 'string', length: 50, nullable: true })
  phone: string | null = null;

  @Property({ type: 'string', length: 500, nullable: true })
  website: string | null = null;

  @Property({ type: 'text', nullable: true })
  address: string | null = null;

  /** e.g. "Net 30". */
  @Property({ type: 'string', length: 100, nullable: true })
  paymentTerms: string | null = null;

  @Property({ type: 'integer', default: 0 })
  leadTimeDays: Opt<number> = 0;

  @Property({ type: 'text', default: '' })
  notes: Opt<string> = '';

  /** Identifier in an integrated system; unique per organization. */
  @Property({ type: 'string', length: 200, nullable: true })
  externalId: string | null = null;

  @Property({ type: 'boolean', default: true })
  active: Opt<boolean> = true;

  /** Soft delete: set when deleted, cleared on restore. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  deletedAt: Date | null = null;
}
