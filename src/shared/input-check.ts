import { PayloadError, type UserError, UserErrorCode, userError } from './user-error.js';

/** Collects validation failures of one input, then throws them together as payload errors. */
export class InputCheck {
  readonly errors: UserError[] = [];

  fail(field: string, code: UserErrorCode, message: string): this {
    this.errors.push(userError(code, field, message));
    return this;
  }

  text(
    field: string,
    value: string | null | undefined,
    { min = 1, max, pattern, hint }: { min?: number; max: number; pattern?: RegExp; hint?: string },
  ): this {
    const trimmed = value?.trim() ?? '';
    if (trimmed.length === 0 && min > 0) return this.fail(field, UserErrorCode.REQUIRED, `${field} is required`);
    if (trimmed.length < min || trimmed.length > max) return this.fail(field, UserErrorCode.INVALID, `${field} must be ${min} to ${max} characters`);
    if (pattern && !pattern.test(trimmed)) return this.fail(field, UserErrorCode.INVALID, `${field} ${hint ?? `must match ${pattern}`}`);
    return this;
  }

  email(field: string, value: string | null | undefined): this {
    return this.text(field, value, { max: 254, pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/, hint: 'must be an e-mail address' });
  }

  done(): void {
    if (this.errors.length > 0) throw new PayloadError(this.errors);
  }
}
