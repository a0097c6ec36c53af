import type { FilterFieldKey } from '../../../src-shared/filter/filter-fields';
import { NO_SENTIMENT } from '../../../src-shared/filter/filter-limits';
import { resolveRelativeRange } from '../../../src-shared/filter/resolve-relative-range';
import {
  isRelativeRange,
  type DateRangeFilter,
  type SessionFilter,
} from '../../../src-shared/filter/session-filter';
import { toFtsMatchExpression } from './fts-match-expression';

// The engine's half of the filter-field table (src-shared/filter/filter-fields.ts): how each
// key of the filter model constrains the cache. Keyed by the shared keys and checked complete by
// the compiler, so a key added to the shared table does not compile until it has SQL here.
// Column names and SQL live here only; no filter value ever becomes SQL text, only fixed column
// names and `?` placeholders do.

/** A value better-sqlite3 binds as a positional parameter. */
export type SqlValue = string | number | bigint | null;

/** One constraint: a boolean SQL expression over the alias `s` (the sessions table). */
export interface SqlClause {
  sql: string;
  params: SqlValue[];
}

/** A cell of a sessions column as the facet counter reads it. */
export type Cell = string | null;

export interface FilterColumnSql<V> {
  /** The clauses `value` adds (AND); none when it constrains nothing (an empty list). */
  where(value: V, now: number): SqlClause[];
  /**
   * For a key that tests one sessions column: the column, and the same test in JS on a cell,
   * so several facets can be counted from one read (facets-in-one-pass.ts). `accepts` returns
   * undefined when the value constrains nothing.
   */
  column?: {
    name: string;
    accepts(value: V): ((cell: Cell) => boolean) | undefined;
    /** A display name stored beside the value (a team's name), for facet buckets. */
    label?: string;
  };
  /** For a key that tests membership in a side table: its facet counts that table's values. */
  membership?: { table: string; key: string; value: string };
}

type FilterColumns = {
  readonly [K in FilterFieldKey]-?: FilterColumnSql<NonNullable<SessionFilter[K]>>;
};

/**
 * Every filter key's SQL, with opencx-api.md's semantics: AND across keys, OR within a list,
 * an empty list constrains nothing, date ranges are `from <= value < to`, a null value is in no
 * list (but the sentiment list's local `none` matches a null sentiment), custom_data matches
 * value and type. Relative ranges
 * resolve against `now` (epoch ms). `last_message_at` uses the best value the cache knows: the
 * exact one from a transcript, else updated_at.
 */
export const FILTER_COLUMNS = {
  created_at: dateRange('s.created_at_ms', 'created_at'),
  updated_at: dateRange('s.updated_at_ms', 'updated_at'),
  last_message_at: dateRange('s.sort_last_ms', 'last_message_at'),
  status: anyOf('s.status'),
  // `none` (local) is the sessions without a sentiment.
  sentiment: anyOf('s.sentiment', undefined, NO_SENTIMENT),
  ai_closure_type: anyOf('s.ai_closure_type'),
  channels: anyOf('s.channel_type'),
  assignee_ids: anyOf('s.assignee_id'),
  team_ids: anyOf('s.team_id', 's.team_name'),
  contact_ids: anyOf('s.contact_id'),
  languages: anyOf('s.language'),
  handed_off: flag('s.handed_off'),
  assist_mode: flag('s.assist_mode'),
  unassigned: {
    where: (unassigned) => [
      { sql: unassigned ? 's.assignee_id IS NULL' : 's.assignee_id IS NOT NULL', params: [] },
    ],
    column: {
      name: 's.assignee_id',
      accepts: (unassigned) => (cell) => (unassigned ? cell === null : cell !== null),
    },
  },
  tags: {
    where: (tags) =>
      tags.length === 0
        ? []
        : [
            {
              sql: `s.rid IN (SELECT session_rid FROM session_tags WHERE tag_name IN (${placeholders(tags.length)}))`,
              params: [...tags],
            },
          ],
    membership: { table: 'session_tags', key: 'session_rid', value: 'tag_name' },
  },
  custom_data: {
    where: (pairs) =>
      Object.entries(pairs).map(([key, value]) => ({
        sql: 's.rid IN (SELECT session_rid FROM session_custom_data WHERE key = ? AND value_type = ? AND value = ?)',
        params:
          typeof value === 'boolean'
            ? [key, 'boolean', value ? 1 : 0]
            : typeof value === 'number'
              ? [key, 'number', value]
              : [key, 'string', value],
      })),
  },
  q: {
    where: (q) => {
      const match = toFtsMatchExpression(q);
      return match === null
        ? []
        : [
            {
              sql: 's.rid IN (SELECT rowid FROM session_fts WHERE session_fts MATCH ?)',
              params: [match],
            },
          ];
    },
  },
} satisfies FilterColumns;

/**
 * One column, any of the listed values. `nullValue`, when listed, stands for a null cell (the
 * sentiment list's local `none`); otherwise a null is in no list, as in SQL's IN.
 */
function anyOf(
  column: string,
  label?: string,
  nullValue?: string,
): FilterColumnSql<readonly string[]> {
  return {
    where: (values) => {
      if (values.length === 0) return [];
      const listed = values.filter((value) => value !== nullValue);
      const tests: string[] = [];
      if (listed.length > 0) tests.push(`${column} IN (${placeholders(listed.length)})`);
      if (listed.length < values.length) tests.push(`${column} IS NULL`);
      const sql = tests.length === 1 ? (tests[0] as string) : `(${tests.join(' OR ')})`;
      return [{ sql, params: [...listed] }];
    },
    column: {
      name: column,
      accepts: (values) => {
        if (values.length === 0) return undefined;
        const set = new Set<string>(values);
        const nullListed = nullValue !== undefined && set.has(nullValue);
        return (cell) => (cell === null ? nullListed : set.has(cell));
      },
      ...(label ? { label } : {}),
    },
  };
}

/** A 0/1 column. */
function flag(column: string): FilterColumnSql<boolean> {
  return { where: (value) => [{ sql: `${column} = ?`, params: [value ? 1 : 0] }] };
}

/** An epoch-ms column, `from <= value < to`; a relative range runs from its start up to now. */
function dateRange(column: string, name: string): FilterColumnSql<DateRangeFilter> {
  return {
    where: (range, now) => {
      if (isRelativeRange(range)) {
        const { from, to } = resolveRelativeRange(range, now);
        const clauses: SqlClause[] = [{ sql: `${column} >= ?`, params: [from] }];
        if (to !== null) clauses.push({ sql: `${column} < ?`, params: [to] });
        return clauses;
      }
      const clauses: SqlClause[] = [];
      if (range.from !== undefined) {
        clauses.push({ sql: `${column} >= ?`, params: [parseDate(range.from, name)] });
      }
      if (range.to !== undefined) {
        clauses.push({ sql: `${column} < ?`, params: [parseDate(range.to, name)] });
      }
      return clauses;
    },
  };
}

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

function parseDate(iso: string, name: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) {
    throw new RangeError(`${name} bound "${iso}" is not a date-time.`);
  }
  return ms;
}
