import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import type { Context } from '../context.js';
import { limitOfProperty } from './column-limits.js';
import { badUserInput } from './errors.js';
import { SEARCH_MAX_LENGTH } from './filters.js';
import { textProblem } from './text-check.js';
import { type UserError, UserErrorCode, userError } from './user-error.js';

/**
 * Limits every string and JSON input of every operation, checked in one place before any
 * resolver runs (see `inputGuardMiddleware`). Columns' own lengths and numeric ranges are checked
 * when the values are written (column-limits.ts); these are for what is not, or not yet, stored.
 */
export const INPUT_LIMITS = {
  /** Any string without a narrower limit (text columns have none of their own). */
  maxStringLength: 100_000,
  /** ID arguments: UUIDs, or a slug/code where an ID-typed argument takes one. */
  maxIdLength: 200,
  /** JSON / JSONObject inputs (variant attributes and the like). */
  json: { maxDepth: 16, maxNodes: 2_000, maxStringLength: 10_000 },
} as const;

/**
 * Strings that are not stored as typed, limited by their name wherever they appear (so a new
 * input with such a field is covered): a username is looked up in (and throttled on) a
 * `users.username`-sized key, passwords are hashed, tokens compared.
 */
const NAMED_LIMITS: { name: RegExp; maxLength?: number; column?: string }[] = [
  { name: /^username$/i, column: 'User.username' },
  { name: /password$/i, maxLength: 1_024 },
  { name: /token$/i, maxLength: 512 },
  { name: /^search$/, maxLength: SEARCH_MAX_LENGTH },
];

/**
 * Field or argument extensions (`@Extensions({ maxLength: 50 })` or
 * `@Extensions({ column: 'Entity.property' })`) set a narrower limit on one input.
 */
type LimitExtensions = { maxLength?: number; column?: string };

type Problem = { path: string[]; message: string };

type Walk = { ctx: Context; problems: Problem[] };

const JSON_SCALARS = new Set(['JSON', 'JSONObject']);
const STRING_SCALARS = new Set(['String', 'ID']);

const columnLengths = new WeakMap<object, Map<string, number | null>>();

/** The length of `Entity.property`'s column, from the ORM's metadata (cached per ORM). */
function columnLength(ctx: Context, column: string): number | null {
  const metadata = ctx.services.orm.getMetadata();
  const cache = columnLengths.get(metadata) ?? new Map<string, number | null>();
  columnLengths.set(metadata, cache);
  if (!cache.has(column)) {
    const [entity, property] = column.split('.');
    const prop = metadata.getByClassName(entity, false)?.props.find((p) => p.name === property);
    if (!prop) throw new Error(`input limit names an unknown column ${column}`);
    const limit = limitOfProperty(prop);
    cache.set(column, limit.kind === 'text' ? limit.maxLength : null);
  }
  return cache.get(column) ?? null;
}

function maxLengthOf(ctx: Context, name: string, scalar: string, extensions: LimitExtensions | undefined): number {
  const named = NAMED_LIMITS.find((l) => l.name.test(name));
  const own = extensions?.maxLength ?? (extensions?.column ? columnLength(ctx, extensions.column) : undefined);
  const byName = named?.maxLength ?? (named?.column ? columnLength(ctx, named.column) : undefined);
  const fallback = scalar === 'ID' ? INPUT_LIMITS.maxIdLength : INPUT_LIMITS.maxStringLength;
  return own ?? byName ?? fallback;
}

function checkString(walk: Walk, path: string[], value: string, maxLength: number): void {
  const problem = textProblem(value);
  if (problem) walk.problems.push({ path, message: problem });
  else if (value.length > maxLength) walk.problems.push({ path, message: `must be at most ${maxLength} characters` });
}

/** Walks a JSON value with bounded recursion: depth, node count, and every key and string. */
function checkJson(walk: Walk, path: string[], root: unknown): void {
  const { maxDepth, maxNodes, maxStringLength } = INPUT_LIMITS.json;
  let nodes = 0;
  const visit = (value: unknown, at: string[], depth: number): boolean => {
    nodes += 1;
    if (nodes > maxNodes) return fail(path, `must have at most ${maxNodes} keys and values in all`);
    if (typeof value === 'string') return string(at, value);
    if (value === null || typeof value !== 'object') return true;
    if (depth >= maxDepth) return fail(path, `must not nest objects or lists more than ${maxDepth} levels deep`);
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    for (const [key, child] of entries) {
      if (!Array.isArray(value) && !string([...at, key], key)) return false;
      if (!visit(child, [...at, key], depth + 1)) return false;
    }
    return true;
  };
  const fail = (at: string[], message: string) => {
    walk.problems.push({ path: at, message });
    return false;
  };
  const string = (at: string[], value: string) => {
    const problem = textProblem(value) ?? (value.length > maxStringLength ? `must be at most ${maxStringLength} characters` : null);
    return problem ? fail(at, problem) : true;
  };
  visit(root, path, 0);
}

function checkValue(walk: Walk, type: GraphQLInputType, value: unknown, path: string[], name: string, extensions: LimitExtensions | undefined): void {
  if (value == null) return;
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) {
    // A single value where a list is expected is coerced to a list of one.
    const items = Array.isArray(value) ? value : [value];
    for (const [i, item] of items.entries())
      checkValue(walk, nullable.ofType, item, Array.isArray(value) ? [...path, String(i)] : path, name, extensions);
    return;
  }
  if (isInputObjectType(nullable)) {
    const fields = nullable.getFields();
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const field: GraphQLInputField | undefined = fields[key];
      if (field) checkValue(walk, field.type, child, [...path, key], key, field.extensions as LimitExtensions);
    }
    return;
  }
  if (isScalarType(nullable)) {
    if (JSON_SCALARS.has(nullable.name)) checkJson(walk, path, value);
    else if (typeof value === 'string' && STRING_SCALARS.has(nullable.name)) {
      checkString(walk, path, value, maxLengthOf(walk.ctx, name, nullable.name, extensions));
    } else if (typeof value === 'string') checkString(walk, path, value, INPUT_LIMITS.maxStringLength);
  }
}

/** What a refused mutation returns: `errors`, plus empty values for the payload's other non-null fields. */
function payloadShape(type: GraphQLOutputType): Record<string, unknown> | null {
  const payload = getNullableType(type);
  if (!isObjectType(payload)) return null;
  const fields = payload.getFields();
  const errors = fields.errors;
  if (!errors || getNamedType(errors.type).name !== 'UserError') return null;
  const shape: Record<string, unknown> = {};
  for (const field of Object.values(fields)) {
    if (field.name === 'errors' || !isNonNullType(field.type)) continue;
    const inner = field.type.ofType;
    if (isListType(inner)) shape[field.name] = [];
    else if (isScalarType(inner) && inner.name === 'Boolean') shape[field.name] = false;
    else return null;
  }
  return shape;
}

/** Problems of one field's arguments, paths starting at the argument's name. */
function argumentProblems(ctx: Context, args: readonly GraphQLArgument[], values: Record<string, unknown>): Problem[] {
  const walk: Walk = { ctx, problems: [] };
  for (const arg of args) checkValue(walk, arg.type, values[arg.name], [arg.name], arg.name, arg.extensions as LimitExtensions);
  return walk.problems;
}

/** A mutation's payload errors name fields inside its `input` without the `input.` prefix, as services do. */
const payloadField = (path: string[]) => (path[0] === 'input' && path.length > 1 ? path.slice(1) : path).join('.');

function refusal(field: GraphQLField<unknown, unknown>, info: GraphQLResolveInfo, problems: Problem[]): unknown {
  const shape = info.parentType.name === 'Mutation' ? payloadShape(field.type) : null;
  if (shape) {
    const errors: UserError[] = problems.map((p) => userError(UserErrorCode.INVALID, payloadField(p.path), `${payloadField(p.path)} ${p.message}`));
    return { ...shape, errors };
  }
  const [first] = problems;
  const at = first.path.join('.');
  throw badUserInput(at, `${at} ${first.message}`);
}

type Resolve = (parent: unknown, args: Record<string, unknown>, ctx: Context, info: GraphQLResolveInfo) => unknown;

const guard =
  (field: GraphQLField<unknown, unknown>) =>
  (resolve: Resolve, parent: unknown, args: Record<string, unknown>, ctx: Context, info: GraphQLResolveInfo) => {
    const problems = argumentProblems(ctx, field.args, args);
    return problems.length > 0 ? refusal(field, info, problems) : resolve(parent, args, ctx, info);
  };

/**
 * A graphql-middleware field map that checks the arguments of every field that takes any
 * (root operations and nested fields alike) against their input types before the resolver runs:
 * strings (also inside lists, input objects and JSON) without NUL or lone surrogates and within
 * their length, JSON within depth and size. A mutation with a payload answers with payload
 * `errors` (code INVALID, the dotted input path in `field`); anything else with a top-level
 * BAD_USER_INPUT naming the argument.
 */
export function inputGuardMiddleware(schema: GraphQLSchema): Record<string, Record<string, unknown>> {
  const map: Record<string, Record<string, unknown>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length === 0) continue;
      map[type.name] ??= {};
      map[type.name][field.name] = guard(field);
    }
  }
  return map;
}
