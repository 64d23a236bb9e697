import type { ValidationError } from 'class-validator';
import { type GraphQLResolveInfo, getNamedType, getNullableType, isInputObjectType, isListType, isNonNullType, isObjectType } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { badUserInput, type ValidationFailure, validationFailures } from './errors.js';
import { UserErrorCode, userError } from './user-error.js';

type Resolve = (parent: unknown, args: unknown, ctx: unknown, info: GraphQLResolveInfo) => unknown;

/**
 * The argument class-validator refused, as a path prefix: an `@Args` class's properties are the
 * field's arguments themselves (''); an input class's properties are fields of one argument.
 */
function argumentPrefix(info: GraphQLResolveInfo, errors: readonly ValidationError[]): string {
  const field = info.parentType.getFields()[info.fieldName];
  const properties = errors.map((e) => e.property);
  if (properties.every((p) => field.args.some((a) => a.name === p))) return '';
  const owners = field.args.filter((a) => {
    const type = getNamedType(a.type);
    return isInputObjectType(type) && properties.every((p) => p in type.getFields());
  });
  return owners.length === 1 ? owners[0].name : '';
}

/**
 * A mutation's payload refusing the call with `errors` (the API's convention for validation
 * failures), when the payload type allows it: nullable fields null, non-null lists empty.
 */
function refusedPayload(info: GraphQLResolveInfo, failures: ValidationFailure[]): Record<string, unknown> | undefined {
  const type = getNullableType(info.returnType);
  if (!isObjectType(type) || !('errors' in type.getFields())) return undefined;
  const payload: Record<string, unknown> = { errors: failures.map((f) => userError(UserErrorCode.INVALID, f.path, f.message)) };
  for (const field of Object.values(type.getFields())) {
    if (field.name === 'errors') continue;
    if (!isNonNullType(field.type)) payload[field.name] = null;
    else if (isListType(field.type.ofType)) payload[field.name] = [];
    else return undefined;
  }
  return payload;
}

/**
 * One shape for class-validator failures (type-graphql's ArgumentValidationError, which carries
 * the validated objects themselves): a mutation whose payload has `errors` answers with payload
 * errors (field paths relative to its `input`, code INVALID); anything else gets a top-level
 * BAD_USER_INPUT naming the argument (`extensions.field`, dotted path).
 */
const checkArguments = async (resolve: Resolve, parent: unknown, args: unknown, ctx: unknown, info: GraphQLResolveInfo) => {
  try {
    return await resolve(parent, args, ctx, info);
  } catch (error) {
    if (!(error instanceof ArgumentValidationError)) throw error;
    const raw = (error.extensions.validationErrors ?? []) as ValidationError[];
    const prefix = argumentPrefix(info, raw);
    if (info.operation.operation === 'mutation') {
      const payload = refusedPayload(info, validationFailures(raw, prefix === 'input' ? '' : prefix));
      if (payload) return payload;
    }
    const failures = validationFailures(raw, prefix);
    throw badUserInput(failures[0]?.path ?? prefix, failures.map((f) => f.message).join('; ') || `${prefix || 'an argument'} is invalid`);
  }
};

/** graphql-middleware map: root fields only (nested fields with validated arguments are cleaned by the error formatter). */
export const argumentValidationMiddleware = { Query: checkArguments, Mutation: checkArguments };
