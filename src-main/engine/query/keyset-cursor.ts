import { AppError } from '../../../src-shared/contract/app-error';
import type { LocalSortField } from '../../../src-shared/filter/session-sort';
import { LOCAL_SORT_FIELDS } from '../../../src-shared/filter/session-sort';
import type { SortOrder } from '../../../src-shared/opencx/enums';
import { sortKeyKind, type SortKey, type SortTie } from './sort-plan';

/** Where a page ended: the last row's sort key and tiebreaker, and the sort it belongs to. */
export interface KeysetPosition {
  field: LocalSortField;
  order: SortOrder;
  /** The last row's sort key: epoch ms or the ticket number; a text value or null (sort-plan). */
  key: SortKey;
  /** The last row's tiebreaker among equal keys: its id, or its row id (sort-plan). */
  id: SortTie;
}

interface Encoded {
  f: string;
  o: string;
  k: SortKey;
  i: SortTie;
}

/** An opaque token: base64url JSON. Callers must not build or read it. */
export function encodeCursor(position: KeysetPosition): string {
  const encoded: Encoded = {
    f: position.field,
    o: position.order,
    k: position.key,
    i: position.id,
  };
  return Buffer.from(JSON.stringify(encoded), 'utf8').toString('base64url');
}

/**
 * Reads a cursor made by encodeCursor for the same sort. Throws invalid_input for a malformed
 * cursor or one made for another sort (the page after it would be meaningless).
 */
export function decodeCursor(
  cursor: string,
  sort: { field: LocalSortField; order: SortOrder },
): KeysetPosition {
  const fail = (why: string): never => {
    throw new AppError('invalid_input', `cursor is not valid: ${why}.`);
  };
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(cursor)) fail('it is not a base64url token');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return fail('it does not decode to JSON');
  }
  if (typeof value !== 'object' || value === null) return fail('it does not decode to an object');
  const { f, o, k, i } = value as Partial<Record<keyof Encoded, unknown>>;
  if (typeof f !== 'string' || !(LOCAL_SORT_FIELDS as readonly string[]).includes(f)) {
    return fail('its sort field is unknown');
  }
  if (o !== 'asc' && o !== 'desc') return fail('its sort order is unknown');
  const kind = sortKeyKind(f as LocalSortField);
  if (kind === 'number' && (typeof k !== 'number' || !Number.isFinite(k))) {
    return fail('its sort key is not a number');
  }
  if (kind !== 'number' && typeof k !== 'string' && !(kind === 'nullable-text' && k === null)) {
    return fail('its sort key is not a text value');
  }
  const tieOk =
    (typeof i === 'string' && i.length > 0) || (typeof i === 'number' && Number.isInteger(i));
  if (!tieOk) return fail('its id is missing');
  if (f !== sort.field || o !== sort.order) {
    return fail(`it was made for sort ${f} ${o}, not ${sort.field} ${sort.order}`);
  }
  return { field: f as LocalSortField, order: o, key: k as SortKey, id: i as SortTie };
}
