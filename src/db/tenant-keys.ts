import { type DatabaseSchema, SqlSchemaGenerator } from '@mikro-orm/sql';

/** The column every tenant table has. */
export const TENANT_COLUMN = 'organization_id';
/** Organizations are the tenants themselves, not a tenant table. */
const TENANT_ROOT = 'organizations';

type ForeignKey = { columnNames: string[]; referencedColumnNames: string[]; referencedTableName: string; deleteRule?: string };

const isTenantTable = (schema: DatabaseSchema, name: string): boolean =>
  name !== TENANT_ROOT && Boolean(schema.getTable(name)?.hasColumn(TENANT_COLUMN));

/**
 * The tenant-safe key rule, applied to the schema MikroORM derives from the entities: every tenant
 * table has `UNIQUE (organization_id, id)`, and every foreign key from a tenant table to another is
 * composite, `(organization_id, x_id) -> x (organization_id, id)`, so no row can point at another
 * organization's record, whatever SQL writes it. `ON DELETE SET NULL` becomes `SET NULL (x_id)`
 * (PostgreSQL 15+), so a deleted target never nulls the row's organization.
 *
 * MikroORM has no option for a composite foreign key over a single-column relation, so this
 * post-processes its target schema (the entities stay single-column for reads and writes): the
 * migrations check (entities == schema) holds, and `db:migration:create` emits the rule for new
 * tables. Pinned to MikroORM 7.2.1 (package.json) like the rest of the ORM.
 */
export function applyTenantKeys(schema: DatabaseSchema): DatabaseSchema {
  for (const table of schema.getTables()) {
    if (!isTenantTable(schema, table.name) || !table.hasColumn('id')) continue;
    const keyName = `${table.name}_${TENANT_COLUMN}_id_unique`;
    if (!table.hasIndex(keyName)) {
      table.setIndexes([
        ...table.getIndexes(),
        { columnNames: [TENANT_COLUMN, 'id'], composite: true, keyName, constraint: true, primary: false, unique: true },
      ]);
    }
    for (const fk of Object.values(table.getForeignKeys()) as ForeignKey[]) {
      const target = fk.referencedTableName.split('.').pop() ?? fk.referencedTableName;
      if (!isTenantTable(schema, target) || fk.columnNames.includes(TENANT_COLUMN)) continue;
      const local = [...fk.columnNames];
      fk.columnNames = [TENANT_COLUMN, ...local];
      fk.referencedColumnNames = [TENANT_COLUMN, ...fk.referencedColumnNames];
      if (fk.deleteRule?.toLowerCase() === 'set null') fk.deleteRule = `set null (${local.join(', ')})`;
    }
  }
  return schema;
}

let installed = false;

/** Makes every schema generator (both drivers) apply the tenant-safe key rule. Idempotent. */
export function installTenantKeys(): void {
  if (installed) return;
  installed = true;
  const proto = SqlSchemaGenerator.prototype as unknown as { getTargetSchema(...args: unknown[]): DatabaseSchema };
  const original = proto.getTargetSchema;
  proto.getTargetSchema = function (this: unknown, ...args: unknown[]) {
    return applyTenantKeys(original.apply(this, args));
  };
}
