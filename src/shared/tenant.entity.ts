import { ManyToOne } from '@mikro-orm/decorators/legacy';
import type { Ref } from '@mikro-orm/core';
import { BaseEntity } from './base.entity.js';
import { Organization } from '../modules/core/organization.entity.js';

/**
 * Base of every tenant-owned record. The `tenant` filter (see db/tenancy.ts) scopes reads to the
 * request's organization, and the table's row-level-security policy enforces the same in PostgreSQL.
 */
export abstract class TenantEntity extends BaseEntity {
  @ManyToOne({ entity: () => Organization, ref: true, deleteRule: 'cascade', index: true })
  organization!: Ref<Organization>;
}
