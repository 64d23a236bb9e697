import { type EntityClass, modules } from '../modules.js';
import { Money } from '../shared/money.js';
import { BaseEntity } from '../shared/base.entity.js';
import { TenantEntity } from '../shared/tenant.entity.js';

/** Every entity, listed explicitly (no folder scanning): the shared bases, then each module's own, in module order. */
export const entities = [BaseEntity, TenantEntity, Money, ...modules.flatMap((m): EntityClass[] => [...m.entities])];

/** Entities scoped by organization: the tenant filter applies to these, and each table has an RLS policy. */
export const tenantEntities = entities.filter((entity) => entity !== TenantEntity && entity.prototype instanceof TenantEntity);
