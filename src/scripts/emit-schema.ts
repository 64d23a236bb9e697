/** Writes schema.graphql from the code; with --check, fails when the committed file is stale. */
import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { renderSchema } from '../schema-print.js';

const file = resolve(process.cwd(), 'schema.graphql');
const rendered = await renderSchema();
if (process.argv.includes('--check')) {
  const committed = await readFile(file, 'utf8').catch(() => '');
  if (committed !== rendered) {
    console.error('schema.graphql is stale: run `npm run schema:emit` and commit it.');
    process.exit(1);
  }
  console.log('schema.graphql is up to date.');
} else {
  await writeFile(file, rendered);
  console.log('Wrote schema.graphql');
}
