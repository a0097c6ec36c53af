import type {
  DateRangeFilter,
  RelativeDateRange,
  SessionFilter,
} from '../../../src-shared/filter/session-filter';
import { isRelativeRange } from '../../../src-shared/filter/session-filter';
import { toFtsMatchExpression } from './fts-match-expression';

/** A value better-sqlite3 binds as a positional parameter. */
export type SqlValue = string | number | bigint | null;

export interface SqlWhere {
  /** A boolean SQL expression over the alias `s` (the sessions table); `1` for no constraint. */
  where: string;
  params: SqlValue[];
}

const UNIT_MS: Record<RelativeDateRange['within_last']['unit'], number> = {
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 604_800_000,
};

/**
 * Translates the app's filter into a parameterised WHERE clause with opencx-api.md's semantics:
 * AND across keys, OR within a list, an empty list constrains nothing, date ranges are
 * `from <= value < to`, a null sentiment never matches, custom_data matches value and type.
 * Relative ranges resolve against `now` (epoch ms). `last_message_at` uses the best value the
 * cache knows: the exact one from a transcript, else updated_at.
 * No filter value ever becomes SQL text; only fixed column names and `?` placeholders do.
 * The filter is trusted to be SessionFilterSchema-valid (validate at the boundary).
 */
export function filterToSql(filter: SessionFilter, now: number): SqlWhere {
  const clauses: string[] = [];
  const params: SqlValue[] = [];

  const range = (column: string, value: DateRangeFilter | undefined): void => {
    if (!value) return;
    if (isRelativeRange(value)) {
      clauses.push(`${column} >= ?`);
      params.push(now - value.within_last.amount * UNIT_MS[value.within_last.unit]);
      return;
    }
    if (value.from !== undefined) {
      clauses.push(`${column} >= ?`);
      params.push(parseDate(value.from, column));
    }
    if (value.to !== undefined) {
      clauses.push(`${column} < ?`);
      params.push(parseDate(value.to, column));
    }
  };

  const anyOf = (column: string, values: readonly string[] | undefined): void => {
    if (!values || values.length === 0) return;
    clauses.push(`${column} IN (${placeholders(values.length)})`);
    params.push(...values);
  };

  const flag = (column: string, value: boolean | undefined): void => {
    if (value === undefined) return;
    clauses.push(`${column} = ?`);
    params.push(value ? 1 : 0);
  };

  range('s.created_at_ms', filter.created_at);
  range('s.updated_at_ms', filter.updated_at);
  range('s.sort_last_ms', filter.last_message_at);
  anyOf('s.status', filter.status);
  anyOf('s.sentiment', filter.sentiment);
  anyOf('s.ai_closure_type', filter.ai_closure_type);
  anyOf('s.channel_type', filter.channels);
  anyOf('s.assignee_id', filter.assignee_ids);
  anyOf('s.team_id', filter.team_ids);
  anyOf('s.contact_id', filter.contact_ids);
  anyOf('s.language', filter.languages);
  flag('s.handed_off', filter.handed_off);
  flag('s.assist_mode', filter.assist_mode);

  if (filter.unassigned !== undefined) {
    clauses.push(filter.unassigned ? 's.assignee_id IS NULL' : 's.assignee_id IS NOT NULL');
  }

  if (filter.tags && filter.tags.length > 0) {
    clauses.push(
      `s.rid IN (SELECT session_rid FROM session_tags WHERE tag_name IN (${placeholders(filter.tags.length)}))`,
    );
    params.push(...filter.tags);
  }

  for (const [key, value] of Object.entries(filter.custom_data ?? {})) {
    clauses.push(
      's.rid IN (SELECT session_rid FROM session_custom_data WHERE key = ? AND value_type = ? AND value = ?)',
    );
    if (typeof value === 'boolean') params.push(key, 'boolean', value ? 1 : 0);
    else if (typeof value === 'number') params.push(key, 'number', value);
    else params.push(key, 'string', value);
  }

  if (filter.q !== undefined) {
    const match = toFtsMatchExpression(filter.q);
    if (match !== null) {
      clauses.push('s.rid IN (SELECT rowid FROM session_fts WHERE session_fts MATCH ?)');
      params.push(match);
    }
  }

  return { where: clauses.length > 0 ? clauses.join(' AND ') : '1', params };
}

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

function parseDate(iso: string, column: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) {
    throw new RangeError(`${column.replace(/^s\.|_ms$/g, '')} bound "${iso}" is not a date-time.`);
  }
  return ms;
}
