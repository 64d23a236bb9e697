/** Time source; injected so tests can move time without sleeping. */
export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };

/** Milliseconds in a day (UTC days have no leap seconds in JavaScript time). */
export const DAY_MS = 86_400_000;
