import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderSchema } from '../../src/schema-print.js';
import { buildBareSchema } from '../../src/schema.js';

describe('schema.graphql', () => {
  it('is up to date with the code (run `npm run schema:emit` when this fails)', async () => {
    expect(await readFile('schema.graphql', 'utf8')).toBe(await renderSchema());
  });

  it('describes every type, field and argument', async () => {
    const schema = await buildBareSchema();
    const undocumented: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Boolean', 'Int', 'Float', 'ID'].includes(type.name)) continue;
      // type-graphql cannot describe the root types; their fields are described.
      if (!type.description && !['Query', 'Mutation', 'Subscription'].includes(type.name)) undocumented.push(type.name);
      if ('getFields' in type) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) undocumented.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) if (!arg.description) undocumented.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
    expect(undocumented).toEqual([]);
  });
});
