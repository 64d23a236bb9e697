import { type Cursor, EntityFactory, type EntityMetadata, ReferenceKind } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isPlainRecord, PlainRef, readPlain, readPlainPage } from '../../src/db/plain-rows.js';
import { Product } from '../../src/modules/catalog/product.entity.js';
import { ProductVariant } from '../../src/modules/catalog/product-variant.entity.js';
import { StockLevel } from '../../src/modules/catalog/stock-level.entity.js';
import { User } from '../../src/modules/core/user.entity.js';
import { Money } from '../../src/shared/money.js';
import { memberOf } from '../factories/core.js';
import { stockedVariant } from '../factories/sales.js';
import { asRequest, startTestApp, type TestApp } from '../helpers/harness.js';

/** A record's persistent fields as plain data: relations as their IDs, Money as amount and currency, dates as ISO strings. */
function fieldsOf(em: EntityManager, entity: new () => object, record: Record<string, unknown>): Record<string, unknown> {
  const meta = em.getMetadata().get(entity) as EntityMetadata;
  const out: Record<string, unknown> = {};
  for (const prop of meta.props) {
    if (prop.lazy || prop.embedded || prop.persist === false) continue;
    if (prop.kind === ReferenceKind.ONE_TO_MANY || prop.kind === ReferenceKind.MANY_TO_MANY) continue;
    const value = record[prop.name] as { id?: string; amount?: number; currency?: string } | Date | null | undefined;
    if (prop.kind === ReferenceKind.SCALAR) out[prop.name] = value instanceof Date ? value.toISOString() : value;
    else if (prop.kind === ReferenceKind.EMBEDDED)
      out[prop.name] = value == null ? value : { amount: (value as Money).amount, currency: (value as Money).currency };
    else out[prop.name] = (value as { id?: string } | null)?.id ?? null;
  }
  return out;
}

/**
 * The read path of GraphQL queries (db/plain-rows.ts): the same records `em.find` returns, as
 * plain objects, from the same kind of statement (the organization named in it), in the cursor
 * format of `findByCursor`; and a GraphQL query hydrates no entity at all.
 */
describe('plain records for reads', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('holds every field em.find reads, with Money, dates and relations, and is an instance of the entity', async () => {
    const member = await memberOf(t);
    const { variant } = await stockedVariant(t, member, 7);
    await asRequest(t, member.token, async ({ em }) => {
      const [entity] = await em.fork({ keepTransactionContext: true }).find(ProductVariant, { id: variant.id });
      const [plain] = await readPlain(em, ProductVariant, { id: variant.id });
      expect(fieldsOf(em, ProductVariant, plain as never)).toEqual(fieldsOf(em, ProductVariant, entity as never));
      expect(plain).toBeInstanceOf(ProductVariant);
      expect(isPlainRecord(plain)).toBe(true);
      expect(plain!.listPrice).toBeInstanceOf(Money);
      expect(plain!.listPrice.amount).toBe(1999);
      expect(plain!.createdAt).toBeInstanceOf(Date);
      // Not joined: the relation is its ID, for the relation's loader.
      expect(plain!.product).toBeInstanceOf(PlainRef);
      // A joined relation is the record itself.
      const [level] = await readPlain(em, StockLevel, { variant: variant.id }, { joins: ['warehouse', 'variant'] });
      expect(level!.onHand).toBe(7);
      expect(isPlainRecord(level!.warehouse)).toBe(true);
      expect((level!.variant as unknown as ProductVariant).sku).toBe(variant.sku);
    });
  });

  it('reads a record with its children in one statement (a lookup with a to-many join)', async () => {
    const member = await memberOf(t);
    const { variant } = await stockedVariant(t, member, 0);
    const productId = (variant.product as unknown as { id: string }).id;
    await asRequest(t, member.token, async ({ em }) => {
      const children = new Map<string, unknown[]>();
      const measured = await t.counter.measure(() =>
        readPlain(
          em,
          Product,
          { id: productId },
          { many: { name: 'variants', where: { deletedAt: null }, orderBy: { sku: 'asc' }, into: children } },
        ),
      );
      expect(measured.count).toBe(1);
      expect(measured.result.map((p) => p.id)).toEqual([productId]);
      expect((children.get(productId) as ProductVariant[]).map((v) => v.sku)).toEqual([variant.sku]);
    });
  });

  it('names the organization in the statement, never reads a lazy column, and refuses to read a tenant table without an organization', async () => {
    const member = await memberOf(t);
    const { variant } = await stockedVariant(t, member, 0);
    await asRequest(t, member.token, async ({ em }) => {
      const measured = await t.counter.measure(() => readPlain(em, ProductVariant, { id: variant.id }));
      // PGlite logs the statement with its parameters bound, PostgreSQL with them inlined.
      expect(measured.statements.join('\n')).toMatch(new RegExp(`"e0"\\."organization_id" = (\\?|'${member.organization.id}')`));
      const users = await t.counter.measure(() => readPlain(em, User, { id: member.user.id }));
      expect(users.statements.join('\n')).not.toContain('password_hash');
      expect(users.result[0]!.username).toBe(member.user.username);
    });
    await expect(readPlain(t.systemEm(), ProductVariant, { id: variant.id })).rejects.toThrow(/without an organization/);
  });

  it('pages in the cursor format of findByCursor, so either path continues the other', async () => {
    const member = await memberOf(t);
    for (let i = 0; i < 5; i++) await stockedVariant(t, member, 0, { sku: `PAGE-${i}` });
    await asRequest(t, member.token, async ({ em }) => {
      const orderBy = { sku: 'asc', id: 'asc' } as const;
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 3; page++) {
        const plain = await readPlainPage(em, ProductVariant, {}, { first: 2, after }, orderBy);
        const managed: Cursor<ProductVariant, never, never, never, false> = await em
          .fork({ keepTransactionContext: true })
          .findByCursor(ProductVariant, { where: {}, first: 2, after: after ?? undefined, orderBy, includeCount: false });
        expect(plain.items.map((v) => v.sku)).toEqual(managed.items.map((v) => v.sku));
        expect(plain.endCursor).toBe(managed.endCursor);
        expect(plain.hasNextPage).toBe(managed.hasNextPage);
        seen.push(...plain.items.map((v) => v.sku));
        after = managed.endCursor;
      }
      expect(seen).toEqual(['PAGE-0', 'PAGE-1', 'PAGE-2', 'PAGE-3', 'PAGE-4']);
    });
  });

  it('answers a GraphQL query without hydrating a single entity', async () => {
    const member = await memberOf(t);
    const { variant } = await stockedVariant(t, member, 3);
    const query = `{ products(first: 10) { edges { node { id name variants { sku listPrice { amount currency } stockLevels { onHand warehouse { code } } } } } }
      productVariant(id: "${variant.id}") { sku product { name } } }`;
    // Warm the session cache first: authentication reads the user and membership as entities.
    await t.gql('{ organization { name } }', { token: member.token });
    const create = vi.spyOn(EntityFactory.prototype, 'create');
    try {
      const res = await t.gql(query, { token: member.token });
      expect(res.errors).toBeUndefined();
      expect(res.data.products.edges[0].node.variants[0].stockLevels[0].onHand).toBe(3);
      expect(res.data.productVariant.sku).toBe(variant.sku);
      expect(create).not.toHaveBeenCalled();
    } finally {
      create.mockRestore();
    }
  });
});
