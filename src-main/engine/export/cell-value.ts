import type { ExportRow } from '../query/export-rows';
import type { PlannedColumn } from './column-plan';
import { transcriptText } from './transcript-lines';
import type { ZoneClock } from './zone-clock';

// The value of one cell, typed: writers turn it into CSV text or an XLSX cell.

/** A point in time; `clock` null means UTC, else that zone's wall-clock time. */
export interface TimeCell {
  readonly ms: number;
  readonly clock: ZoneClock | null;
}

export type Cell = null | string | number | boolean | TimeCell;

export function isTimeCell(cell: Cell): cell is TimeCell {
  return typeof cell === 'object' && cell !== null;
}

/** The field at `path` (own properties only), or undefined. */
export function fieldAt(object: unknown, path: readonly string[]): unknown {
  let value = object;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    if (!Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * fieldAt(·, path) as a function made once per column: a million rows times each column asked
 * for the field through the general loop, and one or two keys cover every catalogued column.
 */
export function fieldReader(path: readonly string[]): (object: unknown) => unknown {
  if (path.length === 1) {
    const key = path[0] as string;
    return (object) => (isRecord(object) && Object.hasOwn(object, key) ? object[key] : undefined);
  }
  if (path.length === 2) {
    const first = path[0] as string;
    const second = path[1] as string;
    return (object) => {
      if (!isRecord(object) || !Object.hasOwn(object, first)) return undefined;
      const inner = object[first];
      return isRecord(inner) && Object.hasOwn(inner, second) ? inner[second] : undefined;
    };
  }
  return (object) => fieldAt(object, path);
}

/** A JSON value as a cell: lists and objects as JSON text, absent and null as empty. */
export function plainCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return JSON.stringify(value);
}

function timeCell(value: unknown, clock: ZoneClock | null): Cell {
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    if (Number.isFinite(ms)) return { ms, clock };
  }
  // Not a date after all: the UTC column keeps what was sent, the local twin stays empty.
  return clock ? null : plainCell(value);
}

/** What the last_message_at column shows: the exact time the cache learnt, else what was sent. */
export function lastMessageAtValue(row: ExportRow): unknown {
  return row.last_message_at ?? fieldAt(row.session, ['last_message_at']);
}

export function cellOf(column: PlannedColumn, row: ExportRow): Cell {
  switch (column.kind) {
    case 'value':
      return plainCell(fieldAt(row.session, column.path));
    case 'date':
      return timeCell(fieldAt(row.session, column.path), column.clock);
    case 'last_message_at':
      return timeCell(lastMessageAtValue(row), column.clock);
    case 'tags': {
      const sent = fieldAt(row.session, ['tags']);
      const tags =
        row.tags.length === 0 && Array.isArray(sent)
          ? sent.filter((tag) => typeof tag === 'string')
          : row.tags;
      return tags.length > 0 ? tags.join(', ') : null;
    }
    case 'transcript':
      return transcriptText(row.history ?? null);
  }
}
