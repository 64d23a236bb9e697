import type { Opt, Ref } from '@mikro-orm/core';
import { Embedded, Entity, ManyToOne, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Money } from '../../shared/money.js';
import { TenantEntity } from '../../shared/tenant.entity.js';
import { ProductVariant } from './product-variant.entity.js';
import { Supplier } from './supplier.entity.js';

/** What a supplier charges for a variant, how fast and in what minimum quantity. */
@Entity({ tableName: 'supplier_offers' })
@Unique({ properties: ['variant', 'supplier'] })
export class SupplierOffer extends TenantEntity {
  @ManyToOne({ entity: () => ProductVariant, ref: true, deleteRule: 'cascade', index: true })
  variant!: Ref<ProductVariant>;

  @ManyToOne({ entity: () => Supplier, ref: true, deleteRule: 'cascade', index: true })
  supplier!: Ref<Supplier>;

  @Property({ type: 'string', length: 100, nullable: true })
  supplierSku: string | null = null;

  @Embedded(() => Money, { prefix: 'cost_' })
  cost!: Money;

  @Property({ type: 'integer', nullable: true })
  leadTimeDays: number | null = null;

  @Property({ type: 'integer', default: 1 })
  minimumOrderQuantity: Opt<number> = 1;
}
