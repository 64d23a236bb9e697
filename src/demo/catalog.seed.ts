import type { EntityManager } from '@mikro-orm/sql';
import { Money } from '../shared/money.js';
import { describePriceChange } from '../modules/catalog/price.service.js';
import { Product, ProductStatus } from '../modules/catalog/product.entity.js';
import { ProductVariant } from '../modules/catalog/product-variant.entity.js';
import { Supplier } from '../modules/catalog/supplier.entity.js';
import { SupplierOffer } from '../modules/catalog/supplier-offer.entity.js';
import { Warehouse } from '../modules/catalog/warehouse.entity.js';
import { mulberry32 } from '../shared/random.js';

const SUPPLIERS = [
  { name: 'Northwind Textiles', email: 'orders@northwind.example', paymentTerms: 'Net 30', leadTimeDays: 14 },
  { name: 'Harbor Housewares', email: 'sales@harbor.example', paymentTerms: 'Net 45', leadTimeDays: 21 },
  { name: 'Summit Outdoor Supply', email: 'b2b@summit.example', paymentTerms: 'Net 30', leadTimeDays: 10 },
  { name: 'Paperline Office Co.', email: 'hello@paperline.example', paymentTerms: 'Net 15', leadTimeDays: 7 },
];

const CATALOG: { category: string; supplier: number; brand: string; items: string[]; axis: [string, string[]]; price: [number, number] }[] = [
  {
    category: 'Apparel',
    supplier: 0,
    brand: 'Everyday',
    items: [
      'Organic T-shirt',
      'Merino Sweater',
      'Canvas Jacket',
      'Linen Shirt',
      'Wool Socks',
      'Rain Poncho',
      'Fleece Hoodie',
      'Chino Trousers',
      'Knit Beanie',
      'Cotton Scarf',
      'Denim Cap',
      'Sports Tee',
    ],
    axis: ['size', ['S', 'M', 'L']],
    price: [1500, 9900],
  },
  {
    category: 'Kitchen',
    supplier: 1,
    brand: 'Harbor',
    items: [
      'Ceramic Mug',
      'Chef Knife',
      'Cast Iron Pan',
      'Salad Bowl',
      'Tea Kettle',
      'Cutting Board',
      'Spice Rack',
      'Pour-over Set',
      'Oven Mitts',
      'Glass Carafe',
      'Bread Tin',
      'Espresso Cups',
    ],
    axis: ['colour', ['White', 'Charcoal', 'Sage']],
    price: [900, 12900],
  },
  {
    category: 'Outdoor',
    supplier: 2,
    brand: 'Summit',
    items: [
      'Trail Backpack',
      'Camping Lantern',
      'Water Bottle',
      'Hiking Poles',
      'Sleeping Mat',
      'Camp Stove',
      'First Aid Kit',
      'Dry Bag',
      'Headlamp',
      'Picnic Blanket',
      'Folding Chair',
      'Travel Hammock',
      'Bike Light',
    ],
    axis: ['colour', ['Orange', 'Blue', 'Olive']],
    price: [1200, 19900],
  },
  {
    category: 'Office',
    supplier: 3,
    brand: 'Paperline',
    items: [
      'Dot Notebook',
      'Fountain Pen',
      'Desk Organizer',
      'Letter Tray',
      'Sticky Notes',
      'Planner 2027',
      'Pencil Case',
      'Document Folder',
      'Desk Lamp',
      'Monitor Stand',
      'Cable Box',
      'Whiteboard',
    ],
    axis: ['size', ['A5', 'A4', 'A3']],
    price: [400, 8900],
  },
];

const REASONS = ['supplier price increase', 'seasonal promotion', 'competitor match', 'end of promotion', 'cost review', 'new packaging'];

/**
 * A realistic demo catalog for analytics to work on: 4 suppliers, 49 products, 147 variants, 2
 * warehouses, a year of monthly price and cost changes (through the price-history trigger) and a
 * stock position recorded in the ledger (some variants deliberately low).
 */
export async function seedDemoCatalog(em: EntityManager, organizationId: string, now: Date): Promise<void> {
  const rnd = mulberry32(20261124);
  const yearAgo = new Date(now.getTime() - 365 * 86400_000);
  const suppliers = SUPPLIERS.map((s, i) => em.create(Supplier, { organization: organizationId, ...s, externalId: `SUP-${100 + i}` }));
  const warehouses = [
    em.create(Warehouse, { organization: organizationId, name: 'Main warehouse', code: 'MAIN', address: '1 Harbour Road' }),
    em.create(Warehouse, { organization: organizationId, name: 'East depot', code: 'EAST', address: '77 Ridge Street' }),
  ];
  await describePriceChange(em, 'initial price', yearAgo);
  const variants: ProductVariant[] = [];
  const supplierOf = new Map<ProductVariant, Supplier>();
  for (const group of CATALOG) {
    for (const [n, item] of group.items.entries()) {
      const product = em.create(Product, {
        organization: organizationId,
        name: item,
        description: `${item} by ${group.brand}, part of our ${group.category.toLowerCase()} range.`,
        category: group.category,
        brand: group.brand,
        status: n % 11 === 10 ? ProductStatus.DRAFT : ProductStatus.ACTIVE,
        defaultSupplier: suppliers[group.supplier],
        tags: [group.category.toLowerCase(), n % 3 === 0 ? 'bestseller' : 'core'],
        externalId: `PRD-${group.category.slice(0, 3).toUpperCase()}-${n + 1}`,
        createdAt: yearAgo,
      });
      const base = Math.round((group.price[0] + rnd() * (group.price[1] - group.price[0])) / 100) * 100 - 1;
      for (const [k, value] of group.axis[1].entries()) {
        const price = base + k * 200;
        const variant = em.create(ProductVariant, {
          organization: organizationId,
          product,
          sku: `${group.category.slice(0, 3).toUpperCase()}-${String(n + 1).padStart(2, '0')}-${value.replace(/\W/g, '').toUpperCase()}`,
          name: `${item} ${value}`,
          attributes: { [group.axis[0]]: value },
          listPrice: Money.of(price, 'USD'),
          unitCost: Money.of(Math.round(price * (0.4 + rnd() * 0.2)), 'USD'),
          lowStockThreshold: 5,
          reorderPoint: 10,
          reorderQuantity: 40,
          createdAt: yearAgo,
        });
        variants.push(variant);
        supplierOf.set(variant, suppliers[group.supplier]);
      }
    }
  }
  for (const variant of variants) {
    const supplier = supplierOf.get(variant)!;
    em.create(SupplierOffer, {
      organization: organizationId,
      variant,
      supplier,
      supplierSku: `${supplier.externalId}-${variant.sku}`,
      cost: variant.unitCost,
      leadTimeDays: supplier.leadTimeDays,
      minimumOrderQuantity: 10,
    });
  }
  await em.flush();
  await seedPriceChanges(em, variants, yearAgo, rnd);
  await seedStock(em, organizationId, variants, warehouses, yearAgo, rnd);
}

/** Twelve monthly rounds; in each, about a fifth of the variants change list price (and some their cost). */
async function seedPriceChanges(em: EntityManager, variants: ProductVariant[], start: Date, rnd: () => number): Promise<void> {
  const prices = new Map(variants.map((v) => [v.id, { list: v.listPrice.amount, cost: v.unitCost.amount }]));
  for (let month = 1; month <= 12; month++) {
    const changed = variants.filter(() => rnd() < 0.2);
    if (changed.length === 0) continue;
    const rows = changed.map((v) => {
      const current = prices.get(v.id)!;
      const factor = 1 + (rnd() < 0.65 ? 1 : -1) * (0.03 + rnd() * 0.07);
      const next = {
        list: Math.max(99, Math.round((current.list * factor) / 10) * 10 - 1),
        cost: rnd() < 0.4 ? Math.round(current.cost * (1 + rnd() * 0.05)) : current.cost,
      };
      prices.set(v.id, next);
      return `('${v.id}'::uuid, ${next.list}, ${next.cost})`;
    });
    await describePriceChange(em, REASONS[month % REASONS.length], new Date(start.getTime() + month * 30 * 86400_000));
    await em.execute(
      `update product_variants v set list_price_amount = d.list, unit_cost_amount = d.cost, updated_at = now()
       from (values ${rows.join(', ')}) as d(id, list, cost) where v.id = d.id`,
    );
  }
  for (const v of variants) {
    const { list, cost } = prices.get(v.id)!;
    v.listPrice = Money.of(list, 'USD');
    v.unitCost = Money.of(cost, 'USD');
  }
  em.clear();
}

/** Opening stock as ledger receipts, and levels that equal the ledger's sums. */
async function seedStock(
  em: EntityManager,
  organizationId: string,
  variants: ProductVariant[],
  warehouses: Warehouse[],
  at: Date,
  rnd: () => number,
): Promise<void> {
  const rows: string[] = [];
  for (const [i, variant] of variants.entries()) {
    // Every twelfth variant runs low everywhere, so low-stock alerts have something to show.
    const low = i % 12 === 5;
    for (const [w, warehouse] of warehouses.entries()) {
      const quantity = low
        ? w === 0
          ? Math.floor(rnd() * 4)
          : 0
        : rnd() < 0.1
          ? Math.floor(rnd() * 4)
          : Math.floor(10 + rnd() * (w === 0 ? 120 : 40));
      if (quantity > 0) rows.push(`('${variant.id}'::uuid, '${warehouse.id}'::uuid, ${quantity})`);
    }
  }
  await em.execute(
    `insert into stock_movements (id, created_at, updated_at, organization_id, variant_id, warehouse_id, type, on_hand_delta, reserved_delta, reason, reference)
     select gen_random_uuid(), ?, ?, ?, d.variant_id, d.warehouse_id, 'receipt', d.quantity, 0, 'opening stock', 'DEMO-OPENING'
     from (values ${rows.join(', ')}) as d(variant_id, warehouse_id, quantity)`,
    [at, at, organizationId],
  );
  await em.execute(
    `insert into stock_levels (id, created_at, updated_at, organization_id, variant_id, warehouse_id, on_hand, reserved)
     select gen_random_uuid(), now(), now(), organization_id, variant_id, warehouse_id, sum(on_hand_delta), sum(reserved_delta)
     from stock_movements where organization_id = ? group by organization_id, variant_id, warehouse_id`,
    [organizationId],
  );
}
