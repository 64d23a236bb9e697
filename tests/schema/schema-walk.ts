import { randomUUID } from 'node:crypto';
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  parse,
  validate,
} from 'graphql';

/**
 * Walks the running schema (buildAppSchema) so the two schema suites cover every operation without
 * a list to keep up to date: which arguments hold IDs and of what record type, a shallow selection
 * set for any return type, valid values for required inputs, and a document to send.
 */

export type RootKind = 'query' | 'mutation';
export type Operation = { kind: RootKind; field: GraphQLField<unknown, unknown> };
/** A place an ID goes: argument name, then input field names (a list element is entered transparently). */
export type IdPath = { segments: string[]; recordType: string | null; list: boolean };

export function operationsOf(schema: GraphQLSchema): Operation[] {
  const roots: [RootKind, GraphQLObjectType | null | undefined][] = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ];
  return roots.flatMap(([kind, root]) => (root ? Object.values(root.getFields()).map((field) => ({ kind, field })) : []));
}

export const requiredArg = (arg: GraphQLArgument | GraphQLInputField) => isNonNullType(arg.type) && arg.defaultValue === undefined;
const isIdScalar = (type: GraphQLNamedType) => type.name === 'ID';

// ---------------------------------------------------------------- ID arguments and their record types

/**
 * ID names the rule below cannot read: `variantId` holds a ProductVariant, `ownerId` a User…
 * Each entry lists candidates, first existing type wins (so a rename elsewhere keeps working).
 */
export const ID_NAME_OVERRIDES: Record<string, string[]> = {
  variantId: ['ProductVariant'],
  ownerId: ['User'],
  stageId: ['PipelineStage'],
  orderId: ['SalesOrder', 'Order'],
  orderLineId: ['OrderLine'],
  tokenId: ['PersonalToken'],
  // An event's subject is any record: the suite tries each type implementing Node.
  subjectId: ['Node'],
  eventId: ['DomainEvent'],
  ruleId: ['AutomationRule'],
  // A dry run's record is any record of a rule's subject type.
  recordId: ['Node'],
  endpointId: ['WebhookEndpoint'],
  deliveryId: ['WebhookDelivery'],
};

/** Input types whose fields only compare IDs (`IDFilter { eq in neq }`): the ID's meaning is the field holding them. */
function isIdComparison(type: GraphQLNamedType): boolean {
  if (!isInputObjectType(type)) return false;
  const fields = Object.values(type.getFields());
  return (
    fields.some((f) => isIdScalar(getNamedType(f.type))) &&
    fields.every((f) => isLeafType(getNamedType(f.type)) && f.name !== 'id' && !f.name.endsWith('Id') && !f.name.endsWith('Ids'))
  );
}

const hasId = (schema: GraphQLSchema, name: string) => {
  const type = schema.getType(name);
  return (isObjectType(type) || isInterfaceType(type)) && 'id' in type.getFields();
};

/** The record a query returns (a connection's node) or a mutation's payload carries, when there is exactly one. */
export function subjectOf(schema: GraphQLSchema, op: Operation): string | null {
  const returned = getNamedType(op.field.type);
  // `node(id): Node`: an interface's ID; the cross-organization suite tries each implementing type.
  if (isInterfaceType(returned)) return hasId(schema, returned.name) ? returned.name : null;
  if (!isObjectType(returned)) return null;
  const fields = returned.getFields();
  if (fields.edges) {
    const node = getNamedType(fields.edges.type);
    return isObjectType(node) && node.getFields().node ? getNamedType(node.getFields().node.type).name : null;
  }
  if (op.kind === 'query') return hasId(schema, returned.name) ? returned.name : null;
  // `ShipmentPayload { shipment order … }`: the field named after the payload, else its only record.
  const named = fields[returned.name.replace(/Payload$/, '').replace(/^./, (c) => c.toLowerCase())];
  if (named && hasId(schema, getNamedType(named.type).name)) return getNamedType(named.type).name;
  const records = new Set(
    Object.values(fields)
      .map((f) => getNamedType(f.type).name)
      .filter((name) => name !== 'UserError' && hasId(schema, name)),
  );
  return records.size === 1 ? [...records][0] : null;
}

const pascal = (s: string) => s[0].toUpperCase() + s.slice(1);

/**
 * The record type an ID names: `accountId` → Account, `primaryContactId` → Contact (leading words
 * dropped), `id` (and `ids`) → the input's own type (`UpdateProductInput` → Product, `AccountFilter` → Account)
 * or else the operation's subject (`deleteAccount(input: IdInput)` → Account). Null when unknown.
 */
export function recordTypeOfId(schema: GraphQLSchema, op: Operation, holder: string | null, name: string): string | null {
  const override = ID_NAME_OVERRIDES[name]?.find((candidate) => schema.getType(candidate));
  if (override) return override;
  // `ids` (`nodes(ids)`): several of what `id` would name.
  if (name === 'id' || name === 'ids') {
    const own = holder?.match(/^(?:Create|Update|Delete)?([A-Z]\w*?)(?:Filter|Input)$/)?.[1];
    if (own && hasId(schema, own)) return own;
    return subjectOf(schema, op);
  }
  const base = name.match(/^(\w+?)Ids?$/)?.[1];
  if (!base) return null;
  const words = pascal(base).split(/(?=[A-Z])/);
  for (let i = 0; i < words.length; i++) {
    const candidate = words.slice(i).join('');
    if (hasId(schema, candidate)) return candidate;
  }
  return null;
}

/** Every place an operation's arguments take an ID, however deep (recursive filters are entered once). */
export function idPathsOf(schema: GraphQLSchema, op: Operation): IdPath[] {
  const out: IdPath[] = [];
  const walk = (type: GraphQLInputType, segments: string[], holder: string | null, meaning: string, seen: Set<string>, list: boolean) => {
    const named = getNamedType(type);
    const inList = list || isListType(getNullableType(type));
    if (isIdScalar(named)) {
      out.push({ segments, recordType: recordTypeOfId(schema, op, holder, meaning), list: inList });
      return;
    }
    if (!isInputObjectType(named) || seen.has(named.name)) return;
    const comparison = isIdComparison(named);
    for (const f of Object.values(named.getFields())) {
      walk(f.type, [...segments, f.name], comparison ? holder : named.name, comparison ? meaning : f.name, new Set([...seen, named.name]), false);
    }
  };
  for (const arg of op.field.args) walk(arg.type, [arg.name], null, arg.name, new Set(), false);
  return out;
}

// ---------------------------------------------------------------- selection sets

/** Wrapper types are opened all the way (payloads, connections, edges, bulk results); records stay shallow. */
function isWrapper(type: GraphQLNamedType): boolean {
  if (!isObjectType(type)) return false;
  const fields = type.getFields();
  return Boolean(fields.errors || fields.edges || fields.node || /(Payload|Connection|Edge|Result)$/.test(type.name));
}

const selectable = (f: GraphQLField<unknown, unknown>) => f.args.every((a) => !requiredArg(a));

/** `{ __typename id … }`: leaves of a record, its object fields as `{ __typename id }` (or their leaves when they have no id). */
export function selectionOf(type: GraphQLNamedType, nested = false): string {
  if (isLeafType(type)) return '';
  if (isUnionType(type))
    return `{ __typename ${type
      .getTypes()
      .map((m) => `... on ${m.name} ${selectionOf(m, true)}`)
      .join(' ')} }`;
  if (!isObjectType(type) && !isInterfaceType(type)) throw new Error(`cannot select from ${type}`);
  const wrapper = isWrapper(type);
  const parts = ['__typename'];
  for (const f of Object.values(type.getFields()).filter(selectable)) {
    const inner = getNamedType(f.type);
    if (isLeafType(inner)) parts.push(f.name);
    else if (wrapper && !nested) parts.push(`${f.name} ${selectionOf(inner, false)}`);
    else if (!nested) {
      const innerFields = isObjectType(inner) || isInterfaceType(inner) ? inner.getFields() : {};
      if (innerFields.id) parts.push(`${f.name} { __typename id }`);
      else if (isObjectType(inner) && !isWrapper(inner)) parts.push(`${f.name} ${selectionOf(inner, true)}`);
    }
  }
  return `{ ${parts.join(' ')} }`;
}

// ---------------------------------------------------------------- values

let counter = 0;
/** A short value unique within the run (codes, SKUs, usernames). */
export const uniqueWord = (prefix = 'S') => `${prefix}${Date.now().toString(36).toUpperCase()}${(++counter).toString(36).toUpperCase()}`;

/**
 * A valid value for each scalar, by name, so new custom scalars fail loudly here rather than
 * sending nonsense. Extend this table when the schema gains a scalar.
 */
export const SCALAR_VALUES: Record<string, (fieldName: string) => unknown> = {
  String: (name) => stringFor(name),
  Int: (name) => intFor(name),
  SafeInt: (name) => intFor(name),
  NonNegativeInt: (name) => intFor(name),
  PositiveInt: () => 1,
  Float: () => 1.5,
  Boolean: () => false,
  ID: () => randomUUID(),
  UUID: () => randomUUID(),
  DateTimeISO: (name) => (isRangeEnd(name) ? '2026-02-15T12:00:00.000Z' : '2026-01-15T12:00:00.000Z'),
  DateTime: (name) => (isRangeEnd(name) ? '2026-02-15T12:00:00.000Z' : '2026-01-15T12:00:00.000Z'),
  LocalDate: (name) => (isRangeEnd(name) ? '2026-02-15' : '2026-01-15'),
  Date: (name) => (isRangeEnd(name) ? '2026-02-15' : '2026-01-15'),
  JSONObject: () => ({}),
  JSON: () => ({}),
  EmailAddress: () => `${uniqueWord('u').toLowerCase()}@example.com`,
  Currency: () => 'USD',
  CurrencyCode: () => 'USD',
  URL: () => 'https://example.com/',
  NonEmptyString: (name) => stringFor(name),
};

/** The end of a range (`to`, `until`, `end…`) comes after its start. */
const isRangeEnd = (name: string) => /^(to|until|end)/i.test(name);

function intFor(name: string): number {
  if (/Bps$/.test(name)) return 0;
  if (/amount|price|cost/i.test(name)) return 1000;
  return 1;
}

/** Strings shaped by the field's name where its name says what it holds. */
export function stringFor(name: string): string {
  const n = name.toLowerCase();
  if (n.includes('email')) return `${uniqueWord('u').toLowerCase()}@example.com`;
  if (n.includes('currency')) return 'USD';
  if (n.endsWith('date')) return '2026-01-15';
  if (/(^|_)(at|from|to)$/.test(n)) return isRangeEnd(name) ? '2026-02-15T12:00:00.000Z' : '2026-01-15T12:00:00.000Z';
  if (n.includes('password')) return 'correct horse battery staple';
  if (n.includes('username')) return uniqueWord('suite').toLowerCase();
  // Changing plan to the one already held: a different plan would take the caller's features away mid-run.
  if (n.includes('plancode')) return 'enterprise';
  if (n.endsWith('codes')) return 'sales.order_management';
  if (n === 'code' || n.endsWith('sku') || n.endsWith('code')) return uniqueWord();
  if (n.includes('website') || n.includes('url')) return 'https://example.com/';
  if (n.includes('domain')) return 'example.com';
  if (n.includes('phone')) return '+1 555 0100';
  if (n === 'role') return 'Decision maker';
  return `Suite ${name}`;
}

export function scalarValue(type: GraphQLNamedType, fieldName: string): unknown {
  if (isEnumType(type)) return type.getValues()[0].name;
  if (!isScalarType(type)) throw new Error(`not a leaf: ${type}`);
  const make = SCALAR_VALUES[type.name];
  if (!make)
    throw new Error(`no valid value known for the scalar ${type.name} (field ${fieldName}): add it to SCALAR_VALUES in tests/schema/schema-walk.ts`);
  return make(fieldName);
}

export type IdSource = (recordType: string | null, segments: string[]) => unknown;
/** IDs come from `ids`, except the one on `force`, which is `target`; optional fields on `also` are filled too. */
export type BuildContext = {
  ids: IdSource;
  force?: string[];
  target?: unknown;
  also?: string[][];
  idTypes: Map<string, string | null>;
  /** Fill optional fields too (a few levels deep), for edge sweeps. */
  all?: boolean;
  /** A value to use instead of the valid one for a scalar (by type name), for edge sweeps. */
  scalar?: (typeName: string, fieldName: string) => unknown;
};

/**
 * A value for `type` with every required field filled validly, plus the optional fields on `force`
 * (so a nested or optional ID can be set); IDs come from `ids`, the ID on `force` from `target`.
 */
export function buildValue(type: GraphQLInputType, fieldName: string, segments: string[], ctx: BuildContext): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [buildValue(nullable.ofType, fieldName, segments, ctx)];
  const named = getNamedType(type);
  if (isIdScalar(named)) {
    const key = segments.join('.');
    if (ctx.force && key === ctx.force.join('.')) return ctx.target;
    return ctx.ids(ctx.idTypes.get(key) ?? null, segments);
  }
  if (isLeafType(named)) {
    const swept = isScalarType(named) ? ctx.scalar?.(named.name, fieldName) : undefined;
    return swept !== undefined ? swept : scalarValue(named, fieldName);
  }
  if (!isInputObjectType(named)) throw new Error(`cannot build ${named}`);
  const value: Record<string, unknown> = {};
  const wanted = [ctx.force, ...(ctx.also ?? [])].filter((p): p is string[] => Boolean(p)).map((p) => p.join('.'));
  for (const f of Object.values(named.getFields())) {
    const path = [...segments, f.name].join('.');
    const onForce = wanted.some((w) => w === path || w.startsWith(`${path}.`));
    if (requiredArg(f) || onForce || (ctx.all && segments.length < 4)) value[f.name] = buildValue(f.type, f.name, [...segments, f.name], ctx);
  }
  return value;
}

export type Call = { document: string; variables: Record<string, unknown>; operation: Operation };

/** One operation as a document with variables for the given arguments (validated against the schema). */
export function documentFor(schema: GraphQLSchema, op: Operation, args: Record<string, unknown>): string {
  const used = op.field.args.filter((a) => a.name in args);
  const defs = used.map((a) => `$${a.name}: ${a.type}`).join(', ');
  const passes = used.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = selectionOf(getNamedType(op.field.type));
  const document = `${op.kind} ${op.field.name}Call${defs ? `(${defs})` : ''} { ${op.field.name}${passes ? `(${passes})` : ''} ${selection} }`;
  const problems = validate(schema, parse(document));
  if (problems.length)
    throw new Error(`${op.field.name}: the generated document is invalid: ${problems.map((p) => p.message).join('; ')}\n${document}`);
  return document;
}

/** The arguments of an operation: required ones filled, plus whatever lies on `force`. */
export function argumentsFor(op: Operation, ctx: BuildContext): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const arg of op.field.args) {
    if (requiredArg(arg) || ctx.force?.[0] === arg.name || ctx.also?.some((p) => p[0] === arg.name) || ctx.all)
      args[arg.name] = buildValue(arg.type, arg.name, [arg.name], ctx);
  }
  return args;
}

/** `segments.join('.')` → record type, for buildValue. */
export const idTypeIndex = (paths: IdPath[]) => new Map(paths.map((p) => [p.segments.join('.'), p.recordType]));
