// Opaque to clients: base64url JSON. The fake checks it came from the same listing.

export function encodeCursor(value: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** The cursor's fields, or null when it is not one this server gave out. */
export function decodeCursor(cursor: string, kind: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    const record = value as Record<string, unknown>;
    return record.k === kind ? record : null;
  } catch {
    return null;
  }
}
