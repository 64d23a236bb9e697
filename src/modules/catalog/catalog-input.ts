import { InputCheck } from '../../shared/input-check.js';
import { UserErrorCode } from '../../shared/user-error.js';

/** Optional text: trimmed, empty becomes null, length-checked. */
export function optionalText(check: InputCheck, field: string, value: string | null | undefined, max: number): string | null | undefined {
  if (value === undefined) return undefined;
  const trimmed = value?.trim() ?? '';
  if (trimmed.length > max) check.fail(field, UserErrorCode.INVALID, `${field} must be at most ${max} characters`);
  return trimmed === '' ? null : trimmed;
}

export function nonNegativeInt(check: InputCheck, field: string, value: number | null | undefined): void {
  if (value != null && (!Number.isSafeInteger(value) || value < 0))
    check.fail(field, UserErrorCode.INVALID, `${field} must be a whole number, zero or more`);
}

/** Copies the defined keys of `input` onto `target` (null clears, undefined leaves as is). */
export function assignDefined<T extends object>(target: T, values: Partial<T>): void {
  for (const [key, value] of Object.entries(values)) if (value !== undefined) (target as Record<string, unknown>)[key] = value;
}
