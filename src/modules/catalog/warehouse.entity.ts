import type { Opt } from '@mikro-orm/core';
import { Entity, Property, Unique } from '@mikro-orm/decorators/legacy';
import { TenantEntity } from '../../shared/tenant.entity.js';

/** A place stock is kept. */
@Entity({ tableName: 'warehouses' })
@Unique({ properties: ['organization', 'code'] })
export class Warehouse extends TenantEntity {
  @Property({ type: 'string', length: 200 })
  name!: string;

  /** Short code unique per organization, e.g. "MAIN". */
  @Property({ type: 'string', length: 50 })
  code!: string;

  @Property({ type: 'text', nullable: true })
  address: string | null = null;

  @Property({ type: 'boolean', default: true })
  active: Opt<boolean> = true;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  deletedAt: Date | null = null;
}
