import { AppError } from '../../../src-shared/contract/app-error';
import { SessionFilterSchema, type SessionFilter } from '../../../src-shared/filter/session-filter';
import { SessionSortSchema, type SessionSort } from '../../../src-shared/filter/session-sort';
import type { HistoryEvent } from '../../../src-shared/opencx/history';
import type { Session } from '../../../src-shared/opencx/session';
import type { CacheReader } from '../store/cache/cache-handles';
import { filterToSql, type SqlValue } from './filter-to-sql';
import { parseOrThrow } from './parse-or-throw';
import { sortPlan, type SortKey, type SortTie } from './sort-plan';
import { indexedBy } from './sort-index-hint';
import { cachedStatement } from './statement-cache';

/**
 * What an export reads: either the sessions with these ids, or every session matching a filter
 * (with full-text `q`). Both come in the list's sort (default last_message_at desc) with id as
 * the tiebreaker, so an export of selected rows has the order the user sees in the list.
 */
export type ExportSelection =
  | { ids: readonly string[]; sort?: Partial<SessionSort> }
  | { filter?: SessionFilter; sort?: Partial<SessionSort> };

/** One exported session with what the cache knows about it besides the API object. */
export interface ExportRow {
  /** Exactly as the API returned it (unknown fields kept). */
  session: Session;
  /** Tag names, sorted. */
  tags: string[];
  /** The exact last message time if the cache learnt it (transcript or tag query), else null. */
  last_message_at: string | null;
  /** Present only when asked for: the cached transcript, or null when none is cached. */
  history?: HistoryEvent[] | null;
}

export interface ExportBatchOptions {
  /** Read transcripts too (history on each row). */
  withHistory: boolean;
  /**
   * Read tag names too (default true). A CSV or XLSX without a tags column passes false: the
   * per-row tag subquery is then not run, and `tags` is empty.
   */
  withTags?: boolean;
  /**
   * Read the exact last message time too (default true). Without it `last_message_at` is null
   * and the sessions table is not read at all when the filter does not need it: the documents
   * and the sort index suffice.
   */
  withLastMessageAt?: boolean;
  /** Rows per batch; default 500. */
  batchSize?: number;
}

/** A selection opened for reading: counted once, then read in batches as often as needed. */
export interface ExportRows {
  /** How many cached sessions the selection held when it was opened. */
  readonly total: number;
  /** For an ids selection: ids asked for that are not in the cache (first-asked order). */
  readonly notCached: readonly string[];
  /**
   * The rows in order, `batchSize` at a time. Each batch is one short read, so writes (sync)
   * may run between batches; keyset positions keep rows that did not change from being
   * skipped or repeated.
   */
  batches(options: ExportBatchOptions): Generator<ExportRow[]>;
  /**
   * The stored documents (the session objects as JSON text) with their ids, `batchSize` at a
   * time (default 250), in no particular order: for a pass whose result does not depend on
   * the order (learning the fields for "all fields"), which then reads the cache in storage
   * order, without walking the sort index or reading tags and times.
   */
  documents(batchSize?: number): Generator<Array<[id: string, json: string]>>;
  /** Ids in the selection with no cached transcript, in the selection's order. */
  idsWithoutHistory(): string[];
}

export const DEFAULT_EXPORT_BATCH = 500;
const DEFAULT_DOCUMENT_BATCH = 250;
const MAX_EXPORT_BATCH = 5000;
/** Ids bound per statement through json_each: far below SQLite's limits, one cheap parse. */
const ID_CHUNK = 1000;

const TAGS_SQL = `(SELECT json_group_array(tag_name) FROM
    (SELECT tag_name FROM session_tags WHERE session_rid = s.rid ORDER BY tag_name))`;
const HISTORY_SQL = '(SELECT events FROM session_history WHERE session_id = s.id)';

// Rows are read as arrays (better-sqlite3's raw mode): a million rows read as objects cost a
// million objects with their property names for the garbage collector. Column positions:
const RID = 0;
const ID = 1;
const KEY = 2;
const TIE = 3;
const RAW = 4;
const LAST_MESSAGE_MS = 5;
const TAGS = 6;
const HISTORY = 7;

type RawRow = [
  rid: number,
  id: string,
  k: SortKey,
  t: SortTie,
  raw: string,
  lm: number | null,
  tags: string | null,
  history: string | null,
];

interface ReadShape {
  withTags: boolean;
  withHistory: boolean;
  withLastMessageAt: boolean;
}

function columnsSql(column: string, tie: string, shape: ReadShape): string {
  return `s.rid, s.id, ${column} AS k, ${tie} AS t, d.raw, ${
    shape.withLastMessageAt ? 's.last_message_at_ms' : 'NULL'
  } AS lm, ${shape.withTags ? TAGS_SQL : 'NULL'} AS tags, ${
    shape.withHistory ? HISTORY_SQL : 'NULL'
  } AS history`;
}

function shapeOf(options: ExportBatchOptions): ReadShape {
  return {
    withTags: options.withTags ?? true,
    withHistory: options.withHistory,
    withLastMessageAt: options.withLastMessageAt ?? true,
  };
}

function toExportRow(row: RawRow, withHistory: boolean): ExportRow {
  const lm = row[LAST_MESSAGE_MS];
  const tags = row[TAGS];
  const out: ExportRow = {
    session: JSON.parse(row[RAW]) as Session,
    tags: tags === null ? [] : (JSON.parse(tags) as string[]),
    last_message_at: lm === null ? null : new Date(lm).toISOString(),
  };
  if (withHistory) {
    const history = row[HISTORY];
    out.history = history === null ? null : (JSON.parse(history) as HistoryEvent[]);
  }
  return out;
}

function batchSizeOf(batchSize: number | undefined, fallback = DEFAULT_EXPORT_BATCH): number {
  const size = batchSize ?? fallback;
  if (!Number.isInteger(size) || size < 1 || size > MAX_EXPORT_BATCH) {
    throw new AppError(
      'invalid_input',
      `batchSize must be an integer from 1 to ${MAX_EXPORT_BATCH}.`,
    );
  }
  return size;
}

/**
 * Opens `selection` for export. Throws invalid_input (AppError) for an invalid filter, sort or
 * id list. `now` (epoch ms) resolves relative date ranges.
 */
export function selectExportRows(
  reader: CacheReader,
  selection: ExportSelection,
  now: number,
): ExportRows {
  const sort = parseOrThrow(SessionSortSchema, selection.sort ?? {}, 'sort');
  if ('ids' in selection) {
    if ('filter' in selection && selection.filter !== undefined) {
      throw new AppError('invalid_input', 'selection takes either ids or a filter, not both.');
    }
    return selectIds(reader, selection.ids, sort);
  }
  const filter = parseOrThrow(SessionFilterSchema, selection.filter ?? {}, 'filter');
  return selectFiltered(reader, filter, sort, now);
}

function selectFiltered(
  reader: CacheReader,
  filter: SessionFilter,
  sort: SessionSort,
  now: number,
): ExportRows {
  const plan = sortPlan(sort);
  const { where, params } = filterToSql(filter, now);
  const total =
    cachedStatement<number>(reader, `SELECT count(*) FROM sessions s WHERE ${where}`)
      .pluck()
      .get(...params) ?? 0;

  return {
    total,
    notCached: [],
    *batches(options) {
      const size = batchSizeOf(options.batchSize);
      const shape = shapeOf(options);
      // An export reads (nearly) everything it matches, so walking the sort index once, batch
      // after batch from the last position, beats collecting and sorting the matches per batch.
      const select = (after: string) =>
        cachedStatement<RawRow>(
          reader,
          `SELECT ${columnsSql(plan.key, plan.tie, shape)}
           FROM sessions s ${indexedBy(reader, plan.index)}
           JOIN session_documents d ON d.rid = s.rid
           WHERE ${where}${after ? ` AND ${after}` : ''}
           ORDER BY ${plan.orderBy} LIMIT ?`,
        ).raw();
      let position: RawRow | null = null;
      for (;;) {
        const after = position ? plan.after(position[KEY], position[TIE]) : { sql: '', params: [] };
        const args: SqlValue[] = [...params, ...after.params, size];
        const rows = select(after.sql).all(...args);
        if (rows.length === 0) return;
        const last = rows[rows.length - 1] as RawRow;
        position = last;
        yield rows.map((row) => toExportRow(row, shape.withHistory));
        if (rows.length < size) return;
      }
    },
    *documents(batchSize) {
      const size = batchSizeOf(batchSize, DEFAULT_DOCUMENT_BATCH);
      // In rowid order by the table itself (NOT INDEXED), so each batch starts by a seek past
      // the last rid and no filter's index makes SQLite sort the matches again for every batch.
      const select = (first: boolean) =>
        cachedStatement<[rid: number, id: string, json: string]>(
          reader,
          `SELECT s.rid, s.id, d.raw FROM sessions s NOT INDEXED
           JOIN session_documents d ON d.rid = s.rid
           WHERE (${where})${first ? '' : ' AND s.rid > ?'} ORDER BY s.rid LIMIT ?`,
        ).raw();
      let after: number | null = null;
      for (;;) {
        const rows: Array<[rid: number, id: string, json: string]> =
          after === null
            ? select(true).all(...params, size)
            : select(false).all(...params, after, size);
        if (rows.length === 0) return;
        after = (rows[rows.length - 1] as [number, string, string])[0];
        yield rows.map(([, id, json]): [string, string] => [id, json]);
        if (rows.length < size) return;
      }
    },
    idsWithoutHistory() {
      return cachedStatement<string>(
        reader,
        `SELECT s.id FROM sessions s
         WHERE ${where} AND NOT EXISTS (SELECT 1 FROM session_history h WHERE h.session_id = s.id)
         ORDER BY ${plan.orderBy}`,
      )
        .pluck()
        .all(...params);
    },
  };
}

interface Keyed {
  rid: number;
  id: string;
  k: SortKey;
  t: SortTie;
}

function selectIds(
  reader: CacheReader,
  requested: readonly string[],
  sort: SessionSort,
): ExportRows {
  if (!Array.isArray(requested)) {
    throw new AppError('invalid_input', 'ids must be a list of session ids.');
  }
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const [index, id] of requested.entries()) {
    if (typeof id !== 'string' || id.length === 0 || id.length > 200) {
      throw new AppError(
        'invalid_input',
        `ids[${index}] is not a session id (a non-empty string of at most 200 characters).`,
      );
    }
    if (!seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  }

  // The sort keys of the selected sessions only (ids are in memory already, so are these),
  // ordered here as the list orders them.
  const plan = sortPlan(sort);
  const keyOf = cachedStatement<Keyed>(
    reader,
    `SELECT s.rid, s.id, ${plan.key} AS k, ${plan.tie} AS t FROM sessions s
     WHERE s.id IN (SELECT value FROM json_each(?))`,
  );
  const keyed: Keyed[] = [];
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    for (const row of keyOf.all(JSON.stringify(ids.slice(i, i + ID_CHUNK)))) {
      keyed.push(row);
      found.add(row.id);
    }
  }
  keyed.sort((a, b) => plan.compare({ k: a.k, tie: a.t }, { k: b.k, tie: b.t }));
  const notCached = ids.filter((id) => !found.has(id));

  return {
    total: keyed.length,
    notCached,
    *batches(options) {
      const size = batchSizeOf(options.batchSize);
      const shape = shapeOf(options);
      const select = cachedStatement<RawRow>(
        reader,
        `SELECT ${columnsSql(plan.key, plan.tie, shape)}
         FROM sessions s JOIN session_documents d ON d.rid = s.rid
         WHERE s.rid IN (SELECT value FROM json_each(?))`,
      ).raw();
      for (let i = 0; i < keyed.length; i += size) {
        const chunk = keyed.slice(i, i + size);
        const byRid = new Map<number, RawRow>();
        for (const row of select.all(JSON.stringify(chunk.map((entry) => entry.rid)))) {
          byRid.set(row[RID], row);
        }
        // A session deleted since the selection was opened is left out.
        const rows: ExportRow[] = [];
        for (const entry of chunk) {
          const row = byRid.get(entry.rid);
          if (row && row[ID] === entry.id) rows.push(toExportRow(row, shape.withHistory));
        }
        if (rows.length > 0) yield rows;
      }
    },
    *documents(batchSize) {
      const size = batchSizeOf(batchSize, DEFAULT_DOCUMENT_BATCH);
      const select = cachedStatement<[rid: number, id: string, json: string]>(
        reader,
        `SELECT s.rid, s.id, d.raw FROM sessions s JOIN session_documents d ON d.rid = s.rid
         WHERE s.rid IN (SELECT value FROM json_each(?))`,
      ).raw();
      const idOf = new Map(keyed.map((entry) => [entry.rid, entry.id]));
      for (let i = 0; i < keyed.length; i += size) {
        const rids = keyed.slice(i, i + size).map((entry) => entry.rid);
        const rows: Array<[string, string]> = [];
        // A session deleted since the selection was opened is left out.
        for (const [rid, id, json] of select.all(JSON.stringify(rids))) {
          if (idOf.get(rid) === id) rows.push([id, json]);
        }
        if (rows.length > 0) yield rows;
      }
    },
    idsWithoutHistory() {
      const hasHistory = cachedStatement<string>(
        reader,
        `SELECT session_id FROM session_history
         WHERE session_id IN (SELECT value FROM json_each(?))`,
      ).pluck();
      const missing: string[] = [];
      for (let i = 0; i < keyed.length; i += ID_CHUNK) {
        const chunk = keyed.slice(i, i + ID_CHUNK).map((entry) => entry.id);
        const cached = new Set(hasHistory.all(JSON.stringify(chunk)));
        for (const id of chunk) if (!cached.has(id)) missing.push(id);
      }
      return missing;
    },
  };
}
