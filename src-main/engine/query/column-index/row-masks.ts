import type { FilterFieldKey } from '../../../../src-shared/filter/filter-fields';
import type { SessionFilter } from '../../../../src-shared/filter/session-filter';
import type { CacheReader } from '../../store/cache/cache-handles';
import { FILTER_COLUMNS, type FilterColumnSql, type SqlClause } from '../filter-columns';
import { cachedStatement } from '../statement-cache';
import {
  CODE_COLUMNS,
  NUMBER_COLUMNS,
  type CodeColumnName,
  type ColumnSnapshot,
  type NumberColumnName,
} from './column-snapshot';
import { TermPostings } from './term-postings';

// Which rows of a column snapshot pass each constraint of a filter, as one byte per row (1 =
// passes). The constraints are FILTER_COLUMNS' own (filter-columns.ts), so the semantics are
// written once: a key that tests one text column is run through its `accepts` predicate once
// per distinct value, not once per row; the comparisons it writes as SQL on a numeric column
// (`s.created_at_ms >= ?`, `s.handed_off = ?`) run on the numbers in memory; tags use the
// snapshot's postings; any other clause (custom data, full text, a key added later) is run by
// SQLite on the same snapshot to list its rows (all of a key's such clauses in one INTERSECT),
// and that list is kept for the next page.

/** One filter key's constraint: the rows that pass it. */
export interface KeyMask {
  key: FilterFieldKey;
  mask: Uint8Array;
}

const CODE_NAMES: ReadonlySet<string> = new Set(CODE_COLUMNS);
const NUMBER_NAMES: ReadonlySet<string> = new Set(NUMBER_COLUMNS);

/** `s.column op ?` on one numeric column. */
const COMPARISON = /^s\.(\w+) (>=|<|=) \?$/;
/** FILTER_COLUMNS' tags clause: membership in session_tags by name. */
const TAGS = /^s\.rid IN \(SELECT session_rid FROM session_tags WHERE tag_name IN \([?, ]+\)\)$/;
/** Membership in a side table: its row ids are listed by the inner SELECT alone. */
const MEMBERSHIP = /^s\.rid IN \(SELECT (session_rid|rowid) FROM (\w+) WHERE (.+)\)$/s;

/** Side-table row lists kept between calls (a page, then the next, then the facets). */
const MAX_KEPT_LISTS = 8;

export class RowMasks {
  private readonly kept = new Map<string, Uint8Array>();
  private readonly terms: TermPostings;

  constructor(
    private readonly snapshot: ColumnSnapshot,
    private readonly reader: CacheReader,
  ) {
    this.terms = new TermPostings(snapshot, reader);
  }

  /** Drops the kept row lists (benchmarks time a first ask with it). */
  forget(): void {
    this.kept.clear();
  }

  /** Each constrained key of `filter` with the rows passing it; keys that constrain nothing are left out. */
  forFilter(filter: SessionFilter, now: number): KeyMask[] {
    const masks: KeyMask[] = [];
    for (const [key, spec] of Object.entries(FILTER_COLUMNS) as [
      FilterFieldKey,
      FilterColumnSql<unknown>,
    ][]) {
      const value = filter[key];
      if (value === undefined) continue;
      const mask = this.forKey(spec, value, now);
      if (mask) masks.push({ key, mask });
    }
    return masks;
  }

  private forKey(spec: FilterColumnSql<unknown>, value: unknown, now: number): Uint8Array | null {
    const column = spec.column;
    const name = column?.name.replace(/^s\./, '');
    if (column && name !== undefined && CODE_NAMES.has(name)) {
      const accepts = column.accepts(value);
      return accepts ? this.textMask(name as CodeColumnName, accepts) : null;
    }
    const clauses = spec.where(value, now);
    if (clauses.length === 0) return null;
    // Clauses only SQLite can run are listed together, as one INTERSECT: only the rows that
    // pass them all cross into JavaScript (two custom data pairs: 27,000 rows, not 180,000).
    const listed = clauses.filter((clause) => !this.inMemory(clause));
    const masks = this.inMemoryMasks(clauses.filter((clause) => this.inMemory(clause)));
    if (listed.length > 0) masks.push(this.listedMask(listed));
    const [first, ...rest] = masks;
    if (!first) return null;
    if (rest.length === 0) return first;
    // A listed mask is kept for later calls: combine into a copy, never into it.
    const mask = first.slice();
    for (const next of rest) {
      for (let row = 0; row < mask.length; row++) {
        mask[row] = (mask[row] as number) & (next[row] as number);
      }
    }
    return mask;
  }

  /** Whether `clause` runs on the snapshot's own columns. */
  private inMemory(clause: SqlClause): boolean {
    const comparison = COMPARISON.exec(clause.sql);
    const [param] = clause.params;
    return (
      (comparison !== null &&
        clause.params.length === 1 &&
        typeof param === 'number' &&
        NUMBER_NAMES.has(comparison[1] as string)) ||
      (TAGS.test(clause.sql) && clause.params.every((tag) => typeof tag === 'string'))
    );
  }

  private textMask(name: CodeColumnName, accepts: (cell: string | null) => boolean): Uint8Array {
    const { codes, values } = this.snapshot.text[name];
    // Index 0 is null; value v is at v + 1.
    const table = new Uint8Array(values.length + 1);
    table[0] = accepts(null) ? 1 : 0;
    values.forEach((value, code) => (table[code + 1] = accepts(value) ? 1 : 0));
    const mask = new Uint8Array(this.snapshot.rows);
    for (let row = 0; row < mask.length; row++)
      mask[row] = table[(codes[row] as number) + 1] as number;
    return mask;
  }

  /**
   * The masks of clauses that inMemory accepts: the comparisons on one numeric column in one
   * pass (a date range's two bounds), each tags clause from the postings.
   */
  private inMemoryMasks(clauses: readonly SqlClause[]): Uint8Array[] {
    const bounds = new Map<NumberColumnName, { lo: number; hi: number; eq: number[] }>();
    const masks: Uint8Array[] = [];
    for (const clause of clauses) {
      const comparison = COMPARISON.exec(clause.sql);
      if (!comparison) {
        masks.push(this.tagMask(clause.params as string[]));
        continue;
      }
      const name = comparison[1] as NumberColumnName;
      const value = clause.params[0] as number;
      const range = bounds.get(name) ?? { lo: -Infinity, hi: Infinity, eq: [] };
      if (comparison[2] === '>=') range.lo = Math.max(range.lo, value);
      else if (comparison[2] === '<') range.hi = Math.min(range.hi, value);
      else range.eq.push(value);
      bounds.set(name, range);
    }
    for (const [name, range] of bounds) masks.push(this.numberMask(name, range));
    return masks;
  }

  private numberMask(
    name: NumberColumnName,
    { lo, hi, eq }: { lo: number; hi: number; eq: readonly number[] },
  ): Uint8Array {
    const column = this.snapshot.numbers[name];
    const mask = new Uint8Array(this.snapshot.rows);
    // NaN (a NULL) fails every comparison, as in SQL.
    if (eq.length === 0) {
      for (let row = 0; row < mask.length; row++) {
        const value = column[row] as number;
        mask[row] = +(value >= lo && value < hi);
      }
      return mask;
    }
    const [only] = eq;
    if (eq.length === 1 && only !== undefined && lo === -Infinity && hi === Infinity) {
      for (let row = 0; row < mask.length; row++) mask[row] = +(column[row] === only);
      return mask;
    }
    for (let row = 0; row < mask.length; row++) {
      const value = column[row] as number;
      mask[row] = +(value >= lo && value < hi && eq.every((wanted) => value === wanted));
    }
    return mask;
  }

  private tagMask(names: readonly string[]): Uint8Array {
    const { values, postings } = this.snapshot.tags;
    const mask = new Uint8Array(this.snapshot.rows);
    const wanted = new Set(names);
    values.forEach((value, tag) => {
      if (!wanted.has(value)) return;
      for (const row of postings[tag] as Int32Array) mask[row] = 1;
    });
    return mask;
  }

  /** The rows SQLite lists as passing every one of `clauses`, kept for the next call. */
  private listedMask(clauses: readonly SqlClause[]): Uint8Array {
    const id = JSON.stringify(clauses.map((clause) => [clause.sql, clause.params]));
    const kept = this.kept.get(id);
    if (kept) {
      this.kept.delete(id);
      this.kept.set(id, kept);
      return kept;
    }
    // The most common words and prefixes are held in memory (./term-postings.ts).
    const held = this.terms.maskOf(clauses);
    if (held) return held;
    const sql = clauses
      .map((clause) => {
        const membership = MEMBERSHIP.exec(clause.sql);
        return membership
          ? `SELECT ${membership[1]} FROM ${membership[2]} WHERE ${membership[3]}`
          : `SELECT s.rid FROM sessions s WHERE ${clause.sql}`;
      })
      .join(' INTERSECT ');
    const mask = new Uint8Array(this.snapshot.rows);
    // all() over iterate(): one call for the whole list, not one per row.
    const rids = cachedStatement<number>(this.reader, sql)
      .pluck()
      .all(...clauses.flatMap((clause) => clause.params));
    for (const rid of rids) {
      const row = this.snapshot.rowOf(rid);
      if (row >= 0) mask[row] = 1;
    }
    if (this.kept.size >= MAX_KEPT_LISTS) {
      const oldest = this.kept.keys().next().value;
      if (oldest !== undefined) this.kept.delete(oldest);
    }
    this.kept.set(id, mask);
    return mask;
  }
}

/** The rows passing every mask (all rows when there are none), with their count. */
export function allOf(
  masks: readonly Uint8Array[],
  rows: number,
): { mask: Uint8Array; count: number } {
  const [first, ...rest] = masks;
  let count = 0;
  if (!first) return { mask: new Uint8Array(rows).fill(1), count: rows };
  // One key: its own mask, counted (masks are never written once made).
  if (rest.length === 0) {
    for (let row = 0; row < rows; row++) count += first[row] as number;
    return { mask: first, count };
  }
  const mask = first.slice();
  const last = rest.length - 1;
  rest.forEach((other, at) => {
    if (at < last) {
      for (let row = 0; row < rows; row++)
        mask[row] = (mask[row] as number) & (other[row] as number);
      return;
    }
    // The last one ANDed and the result counted in the same pass.
    for (let row = 0; row < rows; row++) {
      const both = (mask[row] as number) & (other[row] as number);
      mask[row] = both;
      count += both;
    }
  });
  return { mask, count };
}
