import { expect } from 'vitest';
import { receiveStock } from '../../src/modules/catalog/inventory.service.js';
import { actorOf } from '../../src/shared/context-access.js';
import type { Organization } from '../../src/modules/core/organization.entity.js';
import { asRequest, type GqlOptions, type TestApp } from '../helpers/harness.js';
import { createVariant, createWarehouse } from './catalog.js';
import { unique } from './core.js';

/** A `MoneyInput` in US dollars: `usd(9075)` is 90.75 USD. */
export const usd = (amount: number) => ({ amount, currency: 'USD' });

/** GraphQL as one caller; `data` fails the test on any top-level error. */
export function caller(t: TestApp, token: string) {
  const gql = (query: string, variables?: Record<string, unknown>, options: GqlOptions = {}) => t.gql(query, { ...options, variables, token });
  return {
    gql,
    async data<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
      const result = await gql(query, variables);
      expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
      return result.data as T;
    },
    /** Runs a mutation and returns its payload, failing on payload errors. */
    async mutate<T = any>(field: string, input: Record<string, unknown>, selection: string): Promise<T> {
      const result = await gql(
        `mutation ($input: ${inputTypeOf(field)}!) { ${field}(input: $input) { ${selection} errors { field code message } } }`,
        {
          input,
        },
      );
      expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
      expect(result.data[field].errors, JSON.stringify(result.data[field].errors)).toEqual([]);
      return result.data[field] as T;
    },
    /** Runs a mutation expected to be refused; returns the payload errors. */
    async refused(field: string, input: Record<string, unknown>): Promise<{ field: string | null; code: string; message: string }[]> {
      const result = await gql(`mutation ($input: ${inputTypeOf(field)}!) { ${field}(input: $input) { errors { field code message } } }`, { input });
      expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
      expect(result.data[field].errors.length).toBeGreaterThan(0);
      return result.data[field].errors;
    },
  };
}

const INPUT_TYPES: Record<string, string> = {
  deleteAccount: 'IdInput',
  restoreAccount: 'IdInput',
  deleteContact: 'IdInput',
  restoreContact: 'IdInput',
  deleteLead: 'IdInput',
  restoreLead: 'IdInput',
  deleteOpportunity: 'IdInput',
  restoreOpportunity: 'IdInput',
  deleteActivity: 'IdInput',
  deletePipeline: 'IdInput',
  deletePipelineStage: 'IdInput',
  cancelOrder: 'OrderIdInput',
  issueInvoice: 'InvoiceIdInput',
};

/** `createAccount` → `CreateAccountInput`, with the few shared input types listed above. */
export const inputTypeOf = (field: string) => INPUT_TYPES[field] ?? `${field[0].toUpperCase()}${field.slice(1)}Input`;

/** A variant with `onHand` units received into a fresh warehouse. */
export async function stockedVariant(
  t: TestApp,
  member: { organization: Organization; token: string },
  onHand: number,
  overrides: Parameters<typeof createVariant>[2] = {},
  warehouseId?: string,
) {
  const variant = await createVariant(t, member.organization, overrides);
  const warehouse = warehouseId ?? (await createWarehouse(t, member.organization, unique('WH'))).id;
  if (onHand > 0)
    await asRequest(t, member.token, (ctx) =>
      receiveStock(ctx.em, actorOf(ctx), { variantId: variant.id, warehouseId: warehouse, quantity: onHand }),
    );
  return { variant, warehouseId: warehouse };
}

/** The nodes of a connection, in page order. */
export const nodesOf = <T = any>(connection: { edges: { node: T }[] }): T[] => connection.edges.map((edge) => edge.node);
