import type { EntityManager } from '@mikro-orm/sql';
import { mulberry32 } from '../shared/random.js';

/** Shared helpers of the sales demo seed: a seeded random source, time arithmetic and bulk inserts. */

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export type Rng = {
  next(): number;
  /** A whole number from `min` to `max`, both included. */
  int(min: number, max: number): number;
  between(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight; zero weights are never picked. */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T;
  shuffle<T>(items: readonly T[]): T[];
};

export function rng(seed: number): Rng {
  const next = mulberry32(seed);
  const self: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    between: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted: (items, weight) => weightedPicker(items, items.map(weight))(self),
    shuffle: (items) => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy;
    },
  };
  return self;
}

/** A reusable weighted pick (binary search over cumulative weights), for picking thousands of times from one list. */
export function weightedPicker<T>(items: readonly T[], weights: number[]): (r: Rng) => T {
  const cumulative: number[] = [];
  let total = 0;
  for (const w of weights) {
    total += Math.max(0, w);
    cumulative.push(total);
  }
  return (r) => {
    const x = r.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo];
  };
}

/** `at` moved to the next weekday when it falls on a weekend (warehouses and accounting rest then). */
export function onWeekday(at: number): number {
  const day = new Date(at).getUTCDay();
  return day === 6 ? at + 2 * DAY : day === 0 ? at + DAY : at;
}

/** Times from `from` to `to` split into `steps` increasing points, the last one at `to`. */
export function spread(r: Rng, from: number, to: number, steps: number): number[] {
  const weights = Array.from({ length: steps }, () => r.between(0.5, 1.5));
  const sum = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  return weights.map((w) => {
    acc += w;
    return from + Math.round((acc / sum) * (to - from));
  });
}

export const isoDate = (at: number) => new Date(at).toISOString().slice(0, 10);

/** A PostgreSQL array literal (the SQL formatter would expand a JS array into a list). */
export const pgArray = (items: string[]) => `{${items.map((i) => `"${i.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

export type Value = string | number | boolean | Date | null | Record<string, unknown>;
export type Row = Record<string, Value>;

const CHUNK = 500;

/**
 * Multi-row INSERTs of 500 rows each, with `organization_id` added to every row. The columns are
 * the first row's keys; every row must have the same keys.
 */
export async function insertRows(em: EntityManager, table: string, organizationId: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = ['organization_id', ...Object.keys(rows[0])];
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const params: Value[] = [];
    for (const row of chunk) params.push(organizationId, ...columns.slice(1).map((c) => row[c]));
    await em.execute(`insert into ${table} (${columns.join(', ')}) values ${chunk.map(() => tuple).join(', ')}`, params);
  }
}

/** A sellable catalog variant with its list-price history (oldest first). */
export type DemoVariant = {
  id: string;
  sku: string;
  description: string;
  category: string;
  bestseller: boolean;
  reorderPoint: number;
  reorderQuantity: number;
  prices: { from: number; amount: number }[];
};

/** The list price in force at `at` (the first one for earlier times). */
export function priceAt(variant: DemoVariant, at: number): number {
  let amount = variant.prices[0].amount;
  for (const price of variant.prices) if (price.from <= at) amount = price.amount;
  return amount;
}

/** What every part of the seed works with; times are epoch milliseconds, the seeded year is `start` … `now`. */
export type SeedContext = {
  em: EntityManager;
  organizationId: string;
  userId: string;
  now: number;
  start: number;
  r: Rng;
  variants: DemoVariant[];
  warehouseId: string;
};

/** An account as the order plan sees it. */
export type Customer = {
  id: string;
  createdAt: number;
  /** Relative order volume; zero for prospects, who never order. */
  weight: number;
  /** Catalog categories its industry buys most. */
  categories: string[];
  /** Scale of line quantities, by company size. */
  quantityScale: number;
  contacts: { id: string; createdAt: number }[];
};

/** A won opportunity, ordered a few days after it closed. */
export type WonDeal = {
  id: string;
  name: string;
  accountId: string;
  contactId: string;
  closedAt: number;
  lines: { variant: DemoVariant; quantity: number; unitPrice: number }[];
};
