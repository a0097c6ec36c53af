/** Parses an ISO-8601 date-time to epoch milliseconds, naming `field` if it is not one. */
export function toEpochMs(iso: string, field: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms))
    throw new Error(`${field} is not a valid ISO-8601 date-time: "${iso}".`);
  return ms;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
