import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildBareSchema } from './schema.js';

/** The text of schema.graphql as the code defines it. */
export async function renderSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildBareSchema()))}\n`;
}
