const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** IDs are UUIDs; anything else cannot name a record (and must never reach SQL as a uuid). */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/**
 * The canonical (lower-case) form of an ID. PostgreSQL compares UUIDs case-insensitively but
 * JavaScript compares strings exactly: normalise before comparing IDs in code or keying maps by them.
 */
export const normalizeId = (value: string): string => (isUuid(value) ? value.toLowerCase() : value);
