import { Arg, Field, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Codes of expected failures, returned in payload `errors` (never thrown to the client). */
export enum UserErrorCode {
  INVALID = 'INVALID',
  REQUIRED = 'REQUIRED',
  ALREADY_EXISTS = 'ALREADY_EXISTS',
  NOT_FOUND = 'NOT_FOUND',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  LOCKED_OUT = 'LOCKED_OUT',
  RATE_LIMITED = 'RATE_LIMITED',
  ALREADY_MEMBER = 'ALREADY_MEMBER',
  LAST_OWNER = 'LAST_OWNER',
  INSUFFICIENT_ROLE = 'INSUFFICIENT_ROLE',
  INSUFFICIENT_STOCK = 'INSUFFICIENT_STOCK',
  CURRENCY_MISMATCH = 'CURRENCY_MISMATCH',
  INVALID_STATE = 'INVALID_STATE',
  EXCEEDS_REMAINING = 'EXCEEDS_REMAINING',
  IDEMPOTENCY_CONFLICT = 'IDEMPOTENCY_CONFLICT',
  IN_USE = 'IN_USE',
  NOT_SELF_SERVE = 'NOT_SELF_SERVE',
  INVALID_TOKEN = 'INVALID_TOKEN',
  EMAIL_MISMATCH = 'EMAIL_MISMATCH',
  NOT_CONFIGURED = 'NOT_CONFIGURED',
}

registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  description: 'Why an operation was refused; expected failures come back in payload `errors` with one of these codes.',
  valuesConfig: {
    INVALID: {
      description:
        'A value is malformed or out of range: also any string input with a NUL character or an unpaired surrogate, or longer than its limit or column.',
    },
    REQUIRED: { description: 'A required value is missing or blank.' },
    ALREADY_EXISTS: { description: 'A record with this unique value already exists.' },
    NOT_FOUND: { description: 'A record named by a non-ID value (code, username) does not exist.' },
    INVALID_CREDENTIALS: { description: 'Username or password is wrong (the same answer whether or not the user exists).' },
    LOCKED_OUT: { description: 'Too many failed logins; see `retryAfterSeconds`.' },
    RATE_LIMITED: { description: 'Too many attempts in a short time; see `retryAfterSeconds`.' },
    ALREADY_MEMBER: { description: 'The user already belongs to this organization.' },
    LAST_OWNER: { description: 'The organization must keep at least one owner.' },
    INSUFFICIENT_ROLE: { description: 'Your role cannot grant or change this role.' },
    INSUFFICIENT_STOCK: { description: 'Not enough stock available (on hand minus reserved) for this movement.' },
    CURRENCY_MISMATCH: { description: "An amount is in another currency than the record's." },
    INVALID_STATE: { description: 'The record is not in a state that allows this (e.g. converting a converted lead, editing a confirmed order).' },
    EXCEEDS_REMAINING: { description: 'More than remains: shipping or invoicing beyond the ordered quantity, paying beyond the balance.' },
    IDEMPOTENCY_CONFLICT: { description: 'This idempotency key was already used with a different request.' },
    IN_USE: { description: 'Other records still refer to this one.' },
    NOT_SELF_SERVE: { description: 'This plan is set only by a platform administrator, not by the organization itself.' },
    INVALID_TOKEN: { description: 'An invitation or password-reset token is unknown, expired, revoked or already used.' },
    EMAIL_MISMATCH: { description: "The invitation is for another e-mail address than the signed-in (or signing-up) user's." },
    NOT_CONFIGURED: { description: 'The server is not set up for this (e.g. no SMTP_URL for e-mail).' },
  },
});

@ObjectType({ description: 'An expected failure of a mutation: which input field, what is wrong, and a stable code.' })
export class UserError {
  @Field(() => String, { nullable: true, description: 'The input field the error is about (dotted path), or null for the whole input.' })
  field!: string | null;

  @Field(() => String, { description: 'Human-readable explanation.' })
  message!: string;

  @Field(() => UserErrorCode, { description: 'Stable machine-readable code.' })
  code!: UserErrorCode;

  @Field(() => Int, { nullable: true, description: 'For LOCKED_OUT and RATE_LIMITED: seconds until a new attempt can succeed.' })
  retryAfterSeconds?: number | null;
}

export const userError = (code: UserErrorCode, field: string | null, message: string, retryAfterSeconds?: number): UserError =>
  Object.assign(new UserError(), { code, field, message, retryAfterSeconds: retryAfterSeconds ?? null });

/** Thrown by services for expected failures; rolls back the enclosing transaction and becomes payload `errors`. */
export class PayloadError extends Error {
  constructor(readonly errors: UserError[]) {
    super(errors.map((e) => `${e.code}: ${e.message}`).join('; '));
  }
  static of(code: UserErrorCode, field: string | null, message: string, retryAfterSeconds?: number): PayloadError {
    return new PayloadError([userError(code, field, message, retryAfterSeconds)]);
  }
}

/**
 * Runs a service call and shapes its outcome as a mutation payload; only PayloadError is caught.
 * `whenRefused` fills non-null payload fields (e.g. empty lists) when the call is refused.
 */
export async function toPayload<T extends object>(run: () => Promise<T>, whenRefused: Partial<T> = {}): Promise<T & { errors: UserError[] }> {
  try {
    return { ...(await run()), errors: [] };
  } catch (error) {
    if (error instanceof PayloadError) return { ...whenRefused, errors: error.errors } as T & { errors: UserError[] };
    throw error;
  }
}

/** The one `input` argument every mutation takes. */
export const inputArg = <T>(type: new () => T) => Arg('input', () => type, { description: 'What to do; see the input type.' });
