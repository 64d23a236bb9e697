import { isAbstractType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/harness.js';
import { argumentsFor, documentFor, type IdPath, idPathsOf, idTypeIndex, type Operation, operationsOf } from './schema-walk.js';
import { changedTables, fingerprint, idsOf, leaksIn, markNames, pruneOrders, sampleIds, seededTenant, tenantTables } from './tenant-data.js';

/**
 * Issue 11, "Tests" (1): every Query and Mutation field that takes an ID, found in the schema at run
 * time, is called by the owner of organization B with organization A's IDs of the right type, one
 * ID at a time (the others B's own, so the call gets as far as that ID) and then all at once. A's
 * data must not appear in any response and A's rows must not change.
 */
describe('cross-organization suite', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof seededTenant>>;
  let b: Awaited<ReturnType<typeof seededTenant>>;
  let tables: string[];

  beforeAll(async () => {
    t = await startTestApp();
    a = await seededTenant(t);
    b = await seededTenant(t);
    await pruneOrders(t, b.organization.id, 40);
    await markNames(t, a.organization.id);
    tables = await tenantTables(t);
  }, 300_000);
  afterAll(() => t?.close());

  it('maps every ID argument of every operation to a record type', () => {
    const unmapped = operationsOf(t.schema).flatMap((op) =>
      idPathsOf(t.schema, op)
        .filter((p) => !p.recordType)
        .map((p) => `${op.field.name}(${p.segments.join('.')})`),
    );
    // A new ID argument whose type cannot be read from its name: add it to ID_NAME_OVERRIDES (schema-walk.ts).
    expect(unmapped).toEqual([]);
  });

  it('builds a valid document for every Query and Mutation field', () => {
    const broken: string[] = [];
    for (const op of operationsOf(t.schema)) {
      try {
        documentFor(
          t.schema,
          op,
          argumentsFor(op, { idTypes: idTypeIndex(idPathsOf(t.schema, op)), ids: () => '00000000-0000-4000-8000-000000000000' }),
        );
      } catch (error) {
        broken.push((error as Error).message);
      }
    }
    expect(broken).toEqual([]);
  });

  it("gives organization B nothing of A's and changes nothing of A's, whichever of A's IDs it sends", async () => {
    const operations = operationsOf(t.schema)
      .map((op) => ({ op, paths: idPathsOf(t.schema, op) }))
      .filter((o) => o.paths.length > 0);
    const types = new Set(operations.flatMap((o) => o.paths.map((p) => p.recordType as string)));
    // An ID of an interface (`node(id)`) stands for any record implementing it: each is tried.
    const concrete = (type: string) => {
      const named = t.schema.getType(type);
      return isAbstractType(named) ? t.schema.getPossibleTypes(named).map((m) => m.name) : [type];
    };
    const concreteTypes = new Set([...types].flatMap(concrete));
    const theirs = await sampleIds(t, a, concreteTypes);
    const ours = await sampleIds(t, b, concreteTypes);
    // Seeding must give both organizations a record of every type an operation takes (of an interface, of at least one).
    expect([...types].filter((type) => !concrete(type).some((c) => theirs.has(c) && ours.has(c)))).toEqual([]);
    expect([...types].filter((type) => !isAbstractType(t.schema.getType(type)) && (!theirs.has(type) || !ours.has(type)))).toEqual([]);

    const foreignIds = await idsOf(t, a.organization.id, tables);
    const distinctive = [a.organization.slug, a.user.username, a.user.email];
    const leaks: string[] = [];
    const writes: string[] = [];
    // A server error may hide a missing tenant check behind it: none is acceptable here either.
    const serverErrors: string[] = [];
    const outcomes = new Map<string, number>();
    const perOperation: string[] = [];
    let calls = 0;
    // Calls refused for another reason than not finding A's record (they may stop before the tenant check).
    const refusedEarly: string[] = [];
    const contentBefore = await fingerprint(t, a.organization.id, tables);
    let before = await fingerprint(t, a.organization.id, tables, 'versions');

    /** B's own ID for an argument: a draft where the operation changes drafts, another row for a destination. */
    const ownId = (op: Operation, type: string, segments: string[]) => {
      const last = segments[segments.length - 1];
      if (/^(update|confirm)Order|^(update|issue)Invoice/.test(op.field.name) && ours.has(`${type}:draft`)) return ours.get(`${type}:draft`);
      if (/^to[A-Z]/.test(last) && ours.has(`${type}#2`)) return ours.get(`${type}#2`);
      return ours.get(type);
    };
    const call = async (op: Operation, force: IdPath | null, paths: IdPath[], as?: string) => {
      const idTypes = idTypeIndex(paths);
      const sent = new Set<string>();
      const foreign = (type: string | null) => {
        const id = theirs.get(type as string) as string;
        sent.add(id);
        return id;
      };
      const args = argumentsFor(op, {
        idTypes,
        force: force?.segments,
        also: (force && COMPANIONS[`${op.field.name}(${force.segments.join('.')})`]?.map((p) => p.split('.'))) || undefined,
        target: force ? foreign(as ?? force.recordType) : undefined,
        // All-foreign call: every ID is A's; otherwise the others are B's own.
        ids: (type, segments) => (force ? ownId(op, concrete(type as string)[0], segments) : foreign(concrete(type as string)[0])),
      });
      const document = documentFor(t.schema, op, args);
      const response = await t.gql(document, { token: b.token, variables: args });
      calls++;
      const label = `${op.field.name}(${force ? force.segments.join('.') : 'all IDs'}${as && as !== force?.recordType ? ` as ${as}` : ''})`;
      const outcome = outcomeOf(response, op.field.name);
      if (!/^(data|NOT_FOUND|payload NOT_FOUND)$/.test(outcome))
        refusedEarly.push(`${label}: ${outcome} ${response.errors?.[0]?.message ?? response.data?.[op.field.name]?.errors?.[0]?.message}`);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      for (const leak of leaksIn(response, foreignIds, sent, distinctive)) leaks.push(`${label}: ${leak}`);
      if (response.status >= 500 || outcome === 'INTERNAL_SERVER_ERROR')
        serverErrors.push(`${label}: HTTP ${response.status} ${JSON.stringify(response.errors)}`);
      return outcome;
    };

    for (const { op, paths } of operations) {
      const results: string[] = [];
      for (const path of paths)
        for (const type of concrete(path.recordType as string).filter((c) => theirs.has(c))) results.push(await call(op, path, paths, type));
      if (paths.length > 1) results.push(await call(op, null, paths));
      // Row versions after every mutation (queries are covered by the whole-run content check below).
      if (op.kind === 'mutation') {
        const after = await fingerprint(t, a.organization.id, tables, 'versions');
        for (const table of changedTables(before, after)) writes.push(`${op.field.name}: ${table}`);
        before = after;
      }
      perOperation.push(`${op.field.name} ${results.length}`);
    }

    for (const table of changedTables(contentBefore, await fingerprint(t, a.organization.id, tables))) writes.push(`(whole run): ${table}`);
    console.info(
      `cross-organization: ${calls} calls over ${operations.length} operations, ${leaks.length} leaks, ${writes.length} foreign writes, ${serverErrors.length} server errors\n` +
        `  outcomes: ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}\n  calls per operation: ${perOperation.join(', ')}`,
    );
    console.info(`  refused for another reason: ${refusedEarly.length}\n    ${refusedEarly.join('\n    ')}`);
    expect(leaks).toEqual([]);
    expect(writes).toEqual([]);
    expect(serverErrors).toEqual([]);
    expect(calls).toBeGreaterThanOrEqual(operations.length);
  }, 600_000);
});

/**
 * Optional arguments a call needs besides the ID under test to get as far as that ID (B's own):
 * an activity is logged against exactly one record, so its owner is checked only with one named.
 */
const COMPANIONS: Record<string, string[]> = {
  'createActivity(input.ownerId)': ['input.accountId'],
};

/** What a call came to: a top-level error code, payload errors (with their codes), or data. */
function outcomeOf(response: { data: any; errors?: { extensions?: Record<string, any> }[] }, field: string): string {
  if (response.errors?.length) return String(response.errors[0].extensions?.code ?? 'ERROR');
  const payload = response.data?.[field];
  if (payload && Array.isArray(payload.errors) && payload.errors.length) return `payload ${payload.errors[0].code}`;
  return 'data';
}
