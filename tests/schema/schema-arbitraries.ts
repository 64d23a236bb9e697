import fc from 'fast-check';
import {
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { type Operation, recordTypeOfId, requiredArg, stringFor } from './schema-walk.js';

/**
 * fast-check arbitraries for any operation's arguments, derived from the schema: each field is
 * sometimes valid (so calls get past the first check) and sometimes an edge value.
 */

/** Strings that have broken servers: empty, blank, long, NUL, lone surrogates, bidi, emoji, SQL/HTML/format strings. */
export const EDGE_STRINGS: string[] = [
  '',
  ' ',
  ' \t\n ',
  'a'.repeat(10_000),
  'é'.repeat(300),
  '\u0000',
  'abc\u0000def',
  '\uD800',
  'x\uDFFFy',
  '\uDBFF\uDFFF',
  'مرحبا بالعالم',
  '\u202Egnp.exe',
  '👩‍💻🚀🏳️‍🌈',
  "'; drop table accounts; --",
  "' or '1'='1",
  '<script>alert(1)</script>',
  '%s%n%x',
  // A log4j lookup, spelled so it is not read as a template placeholder.
  ['$', '{jndi:ldap://x}'].join(''),
  '../../etc/passwd',
  '\\',
  'null',
  'undefined',
  '0',
  '-1',
];

/** Not UUIDs, or UUIDs of nothing. */
export const MALFORMED_IDS: string[] = [
  '',
  'not-a-uuid',
  '1',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  "' or 1=1 --",
  '6f1c3a52-7c1e-4d2b-9a3e-1b2c3d4e5f6\u0000',
  '6F1C3A52-7C1E-4D2B-9A3E-1B2C3D4E5F60',
  `{${'0'.repeat(5_000)}}`,
];

/** Edges the type allows (the server must bound them) and edges GraphQL itself must refuse (past the type, fractions). */
const INT_EDGES = { inType: [0, -1, 2 ** 31 - 1, -(2 ** 31), 100_000], pastType: [2 ** 31, 2 ** 53, -(2 ** 53), 1.5, 1e21] };
const SAFE_INT_EDGES = { inType: [0, -1, 2 ** 31, 2 ** 53 - 1, -(2 ** 53 - 1)], pastType: [2 ** 53, 2 ** 53 + 2, 1.5] };
const DATE_EDGES = ['', 'yesterday', '2026-13-45', '0000-01-01', '9999-12-31', '2026-02-30', '1970-01-01T00:00:00Z', '2026-01-15T25:61:00Z'];

/** `{ a: { a: … } }` `depth` levels deep. */
export function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/**
 * `{ a: { a: … } }` too deep for JSON.stringify (Node's overflows its stack near 5,000 levels):
 * written out by toJson, so the server, not the suite, meets the depth.
 */
export class DeepJson {
  constructor(readonly depth: number) {}
}

/** JSON.stringify, with DeepJson values spelled out as text. */
export function toJson(value: unknown): string {
  const deep: DeepJson[] = [];
  const text = JSON.stringify(value, (_key, v) => (v instanceof DeepJson ? `\u0001deep${deep.push(v) - 1}\u0001` : v));
  return text.replace(/"\\u0001deep(\d+)\\u0001"/g, (_m, i: string) => {
    const { depth } = deep[Number(i)];
    return `${'{"a":'.repeat(depth)}{}${'}'.repeat(depth)}`;
  });
}

const isoDate = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true });

/** Scalars by name; an unknown scalar fails here, naming itself, rather than being fuzzed as nonsense. */
export const SCALAR_ARBITRARIES: Record<string, (fieldName: string) => fc.Arbitrary<unknown>> = {
  String: (name) => stringArbitrary(name),
  NonEmptyString: (name) => stringArbitrary(name),
  Int: () => numberArbitrary(INT_EDGES, fc.integer()),
  SafeInt: () => numberArbitrary(SAFE_INT_EDGES, fc.maxSafeInteger()),
  NonNegativeInt: () => numberArbitrary(INT_EDGES, fc.nat()),
  PositiveInt: () => numberArbitrary(INT_EDGES, fc.integer({ min: 1 })),
  Float: () => fc.oneof(fc.constantFrom(0, -1, 1.5, 1e308, -1e308, 5e-324), fc.double({ noNaN: true, noDefaultInfinity: true })),
  Boolean: () => fc.boolean(),
  DateTimeISO: () => fc.oneof({ arbitrary: isoDate.map((d) => d.toISOString()), weight: 3 }, fc.constantFrom(...DATE_EDGES)),
  DateTime: () => fc.oneof({ arbitrary: isoDate.map((d) => d.toISOString()), weight: 3 }, fc.constantFrom(...DATE_EDGES)),
  LocalDate: () => fc.oneof({ arbitrary: isoDate.map((d) => d.toISOString().slice(0, 10)), weight: 3 }, fc.constantFrom(...DATE_EDGES)),
  Date: () => fc.oneof({ arbitrary: isoDate.map((d) => d.toISOString().slice(0, 10)), weight: 3 }, fc.constantFrom(...DATE_EDGES)),
  JSONObject: () => jsonArbitrary(),
  JSON: () => jsonArbitrary(),
  UUID: () => fc.oneof({ arbitrary: fc.uuid(), weight: 3 }, fc.constantFrom(...MALFORMED_IDS)),
  EmailAddress: (name) => stringArbitrary(name),
  Currency: (name) => stringArbitrary(name),
  CurrencyCode: (name) => stringArbitrary(name),
  URL: (name) => stringArbitrary(name),
};

function stringArbitrary(name: string): fc.Arbitrary<string> {
  const valid = stringFor(name);
  return fc.oneof(
    { arbitrary: fc.nat({ max: 1_000_000 }).map((n) => (valid.startsWith('S') && valid === valid.toUpperCase() ? `S${n}` : valid)), weight: 6 },
    { arbitrary: fc.constantFrom(...EDGE_STRINGS), weight: 3 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
    { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
  );
}

// Mostly valid leaves, so that a call usually fails on one field rather than on the first of many.
function numberArbitrary(edges: { inType: number[]; pastType: number[] }, any: fc.Arbitrary<number>): fc.Arbitrary<number> {
  return fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 100 }), weight: 6 },
    { arbitrary: fc.constantFrom(...edges.inType), weight: 3 },
    { arbitrary: fc.constantFrom(...edges.pastType), weight: 1 },
    { arbitrary: any, weight: 1 },
  );
}

function jsonArbitrary(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.constant({}), weight: 2 },
    { arbitrary: fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }), weight: 3 },
    { arbitrary: fc.constantFrom<unknown>(nested(100), nested(1_000), new DeepJson(5_000), new DeepJson(50_000)), weight: 1 },
    { arbitrary: fc.constant(Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i]))), weight: 1 },
    { arbitrary: fc.constant({ v: 'a'.repeat(100_000) }), weight: 1 },
  );
}

export type ArbitraryContext = {
  schema: GraphQLSchema;
  operation: Operation;
  /** Real IDs of the caller's organization by record type, so calls reach past "not found". */
  idsOf: (recordType: string | null) => string[];
};

function scalarArbitrary(type: GraphQLNamedType, fieldName: string): fc.Arbitrary<unknown> {
  if (isEnumType(type)) {
    const names = type.getValues().map((v) => v.name);
    return fc.oneof({ arbitrary: fc.constantFrom(...names), weight: 19 }, { arbitrary: fc.constant('NOT_A_VALUE'), weight: 1 });
  }
  if (!isScalarType(type)) throw new Error(`not a leaf: ${type}`);
  const make = SCALAR_ARBITRARIES[type.name];
  if (!make)
    throw new Error(
      `no arbitrary for the scalar ${type.name} (field ${fieldName}): add it to SCALAR_ARBITRARIES in tests/schema/schema-arbitraries.ts`,
    );
  return make(fieldName);
}

/** Lists: empty, a few, or past any cap (150 copies of one element, cheap to generate). */
function listArbitrary(item: fc.Arbitrary<unknown>, required: boolean): fc.Arbitrary<unknown[]> {
  return fc.oneof(
    { arbitrary: fc.array(item, { minLength: required ? 1 : 0, maxLength: 3 }), weight: 5 },
    { arbitrary: fc.constant<unknown[]>([]), weight: 1 },
    { arbitrary: item.map((x) => Array.from({ length: 150 }, () => x)), weight: 1 },
  );
}

export function inputArbitrary(
  type: GraphQLInputType,
  fieldName: string,
  holder: string | null,
  ctx: ArbitraryContext,
  depth: number,
): fc.Arbitrary<unknown> {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return listArbitrary(inputArbitrary(nullable.ofType, fieldName, holder, ctx, depth + 1), isNonNullType(type));
  const named = getNamedType(type);
  if (named.name === 'ID') {
    const real = ctx.idsOf(recordTypeOfId(ctx.schema, ctx.operation, holder, fieldName));
    return fc.oneof(
      ...(real.length ? [{ arbitrary: fc.constantFrom(...real), weight: 6 }] : []),
      { arbitrary: fc.uuid(), weight: 1 },
      { arbitrary: fc.constantFrom(...MALFORMED_IDS), weight: 1 },
    );
  }
  if (!isInputObjectType(named)) return scalarArbitrary(named, fieldName);
  const fields = Object.values(named.getFields());
  // Deep inside recursive inputs (filters' and/or) only the required fields.
  const chosen = depth > 3 ? fields.filter(requiredArg) : fields;
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of chosen) {
    const value = inputArbitrary(f.type, f.name, named.name, ctx, depth + 1);
    shape[f.name] = isNonNullType(f.type) ? value : fc.oneof({ arbitrary: value, weight: 5 }, { arbitrary: fc.constant(null), weight: 1 });
  }
  return fc.record(shape, { requiredKeys: chosen.filter(requiredArg).map((f) => f.name) });
}

/** Arguments of an operation: required ones always, optional ones sometimes. */
export function argumentsArbitrary(ctx: ArbitraryContext): fc.Arbitrary<Record<string, unknown>> {
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const arg of ctx.operation.field.args) shape[arg.name] = inputArbitrary(arg.type, arg.name, null, ctx, 0);
  return fc.record(shape, { requiredKeys: ctx.operation.field.args.filter(requiredArg).map((a) => a.name) });
}

/** A short, bounded description of a generated value for failure reports (deep JSON and long strings elided). */
export function describeValue(value: unknown, depth = 0): string {
  if (value instanceof DeepJson) return `{ a: { a: … ${value.depth} levels } }`;
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…(${value.length} chars)` : value;
    return JSON.stringify(shown);
  }
  if (Array.isArray(value)) {
    if (depth > 4) return '[…]';
    if (value.length > 3) return `[${value.length} × ${describeValue(value[0], depth + 1)}]`;
    return `[${value.map((v) => describeValue(v, depth + 1)).join(', ')}]`;
  }
  if (value && typeof value === 'object') {
    if (depth > 4) return '{…nested}';
    const entries = Object.entries(value);
    const shown = entries.slice(0, 12).map(([k, v]) => `${k}: ${describeValue(v, depth + 1)}`);
    return `{ ${shown.join(', ')}${entries.length > 12 ? `, …${entries.length - 12} more` : ''} }`;
  }
  return String(value);
}
