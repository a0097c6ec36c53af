import type { FilterFieldKey } from '../../../../src-shared/filter/filter-fields';
import type { SessionFilter } from '../../../../src-shared/filter/session-filter';
import type { CacheReader } from '../../store/cache/cache-handles';
import { FILTER_COLUMNS, type FilterColumnSql, type SqlClause } from '../filter-columns';
import { cachedStatement } from '../statement-cache';
import {
  CODE_COLUMNS,
  NUMBER_COLUMNS,
  type CodeColumn,
  type CodeColumnName,
  type ColumnSnapshot,
  type NumberColumnName,
} from './column-snapshot';
import { flagRows, type FlagRows } from './flag-rows';
import { forEachRowId, rowIdListSql } from './row-id-list';
import { selectiveMatch, type RowTest } from './selective-match';
import { TermPostings } from './term-postings';

// Which rows of a column snapshot pass each constraint of a filter, as one byte per row (1 =
// passes). The constraints are FILTER_COLUMNS' own (filter-columns.ts), so the semantics are
// written once: a key that tests one text column is run through its `accepts` predicate once
// per distinct value, not once per row; the comparisons it writes as SQL on a numeric column
// (`s.created_at_ms >= ?`) run on the numbers in memory, and a flag's rows (`s.handed_off = ?`)
// are held once made (./flag-rows.ts); tags use the snapshot's postings, custom data those the
// snapshot holds (./custom-data-postings.ts); any other clause (full text, custom data keys not
// held, a key added later) is run by SQLite on the same snapshot to list its rows (all of a
// key's such clauses in one INTERSECT), and that list is kept for the next page. When one key's
// rows are few (`selective`), the list's match starts from them and tests only those against
// the other keys (./selective-match.ts), instead of making a mask per key over every row.

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
/** FILTER_COLUMNS' custom data clause: one (key, type, value) of session_custom_data. */
const CUSTOM_DATA =
  /^s\.rid IN \(SELECT session_rid FROM session_custom_data WHERE key = \? AND value_type = \? AND value = \?\)$/;
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

  /**
   * The rows passing every key of `filter`, worked out from its most selective key's rows
   * when those are few (a tag, a contact, a custom data value, a rare status, flags whose AND
   * is rare; ./selective-match.ts). Null when no key is known to be that selective
   * (forFilter's masks then answer).
   */
  selective(filter: SessionFilter, now: number): { mask: Uint8Array; count: number } | null {
    const tests: RowTest[] = [];
    for (const [key, spec] of Object.entries(FILTER_COLUMNS) as [
      FilterFieldKey,
      FilterColumnSql<unknown>,
    ][]) {
      const value = filter[key];
      if (value === undefined) continue;
      const test = this.testFor(spec, value, now);
      if (test === 'everything') continue;
      tests.push(...test);
    }
    return selectiveMatch(tests, this.snapshot.rows);
  }

  /**
   * How `selective` tests one key: a text column's accepted codes, the rows of its custom data
   * pairs or of its one tag, or a flag's held rows, each with their exact count; else a range
   * or the key's mask, made only if needed. 'everything' when the key constrains nothing.
   */
  private testFor(
    spec: FilterColumnSql<unknown>,
    value: unknown,
    now: number,
  ): RowTest[] | 'everything' {
    const column = spec.column;
    const name = column?.name.replace(/^s\./, '');
    if (column && name !== undefined && CODE_NAMES.has(name)) {
      const accepts = column.accepts(value);
      if (!accepts) return 'everything';
      const text = this.snapshot.text[name as CodeColumnName];
      const table = acceptTable(text, accepts);
      const counts = slotCounts(text);
      let size = 0;
      for (let slot = 0; slot < table.length; slot++) {
        if (table[slot] === 1) size += counts[slot] as number;
      }
      return [{ kind: 'code', slots: byteSlots(text) ?? wideSlots(text), table, size }];
    }
    const clauses = spec.where(value, now);
    if (clauses.length === 0) return 'everything';
    const listed: RowTest[] = [];
    for (const clause of clauses) {
      const rows = this.customDataRows(clause) ?? this.oneTagRows(clause);
      if (!rows) {
        listed.length = 0;
        break;
      }
      listed.push({ kind: 'rows', rows, size: rows.length });
    }
    if (listed.length > 0) return listed;
    const range = this.rangeOf(clauses);
    const flag = range && heldFlag(range);
    if (flag) return [{ kind: 'bits', sets: [flag.bits], size: flag.count }];
    if (range) return [range];
    let made: Uint8Array | null | undefined;
    const mask = () => {
      if (made === undefined) made = this.forKey(spec, value, now);
      return made;
    };
    return [{ kind: 'mask', mask, size: Number.POSITIVE_INFINITY }];
  }

  /** Clauses that all compare one numeric column, as one range test; else null. */
  private rangeOf(clauses: readonly SqlClause[]): Range | null {
    if (!clauses.every((clause) => this.inMemory(clause))) return null;
    const bounds = { lo: -Infinity, hi: Infinity, eq: [] as number[] };
    let name: string | undefined;
    for (const clause of clauses) {
      const comparison = COMPARISON.exec(clause.sql);
      if (!comparison || (name !== undefined && comparison[1] !== name)) return null;
      name = comparison[1] as string;
      const value = clause.params[0] as number;
      if (comparison[2] === '>=') bounds.lo = Math.max(bounds.lo, value);
      else if (comparison[2] === '<') bounds.hi = Math.min(bounds.hi, value);
      else bounds.eq.push(value);
    }
    if (name === undefined) return null;
    const column = this.snapshot.numbers[name as NumberColumnName];
    return { kind: 'range', column, ...bounds, size: Number.POSITIVE_INFINITY };
  }

  /** The rows of a tags clause naming one tag, from its postings; else null. */
  private oneTagRows(clause: SqlClause): Int32Array | null {
    const [name] = clause.params;
    if (!TAGS.test(clause.sql) || clause.params.length !== 1 || typeof name !== 'string') {
      return null;
    }
    const tag = this.snapshot.tags.values.indexOf(name);
    return tag < 0 ? new Int32Array(0) : (this.snapshot.tags.postings[tag] as Int32Array);
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
      (TAGS.test(clause.sql) && clause.params.every((tag) => typeof tag === 'string')) ||
      this.customDataRows(clause) !== null
    );
  }

  /** The rows of a custom data clause whose key the snapshot holds; else null. */
  private customDataRows(clause: SqlClause): Int32Array | null {
    if (!CUSTOM_DATA.test(clause.sql)) return null;
    const [key, type, value] = clause.params;
    if (typeof key !== 'string' || typeof type !== 'string' || value === undefined) return null;
    return this.snapshot.customData.rowsOf(key, type, value);
  }

  private textMask(name: CodeColumnName, accepts: (cell: string | null) => boolean): Uint8Array {
    const column = this.snapshot.text[name];
    const { codes } = column;
    const table = acceptTable(column, accepts);
    const mask = new Uint8Array(this.snapshot.rows);
    const slots = byteSlots(column);
    if (slots) {
      for (let row = 0; row < mask.length; row++) mask[row] = table[slots[row] as number] as number;
      return mask;
    }
    for (let row = 0; row < mask.length; row++)
      mask[row] = table[(codes[row] as number) + 1] as number;
    return mask;
  }

  /**
   * The masks of clauses that inMemory accepts: the comparisons on one numeric column in one
   * pass (a date range's two bounds), each tags and custom data clause from its postings.
   */
  private inMemoryMasks(clauses: readonly SqlClause[]): Uint8Array[] {
    const bounds = new Map<NumberColumnName, { lo: number; hi: number; eq: number[] }>();
    const masks: Uint8Array[] = [];
    for (const clause of clauses) {
      const comparison = COMPARISON.exec(clause.sql);
      if (!comparison) {
        const rows = this.customDataRows(clause);
        masks.push(rows ? this.postingsMask(rows) : this.tagMask(clause.params as string[]));
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
    // A flag's rows are held (./flag-rows.ts): shared, so never written.
    const flag = heldFlag({ column, lo, hi, eq });
    if (flag) return flag.mask();
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
    if (eq.length === 1 && lo === -Infinity && hi === Infinity) {
      for (let row = 0; row < mask.length; row++) mask[row] = +(column[row] === only);
      return mask;
    }
    for (let row = 0; row < mask.length; row++) {
      const value = column[row] as number;
      mask[row] = +(value >= lo && value < hi && eq.every((wanted) => value === wanted));
    }
    return mask;
  }

  private postingsMask(rows: Int32Array): Uint8Array {
    const mask = new Uint8Array(this.snapshot.rows);
    for (let at = 0; at < rows.length; at++) mask[rows[at] as number] = 1;
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
          ? `SELECT ${membership[1]} AS rid FROM ${membership[2]} WHERE ${membership[3]}`
          : `SELECT s.rid AS rid FROM sessions s WHERE ${clause.sql}`;
      })
      .join(' INTERSECT ');
    const mask = new Uint8Array(this.snapshot.rows);
    const rids = cachedStatement<string | null>(this.reader, rowIdListSql(sql))
      .pluck()
      .get(...clauses.flatMap((clause) => clause.params));
    forEachRowId(rids, (rid) => {
      const row = this.snapshot.rowOf(rid);
      if (row >= 0) mask[row] = 1;
    });
    if (this.kept.size >= MAX_KEPT_LISTS) {
      const oldest = this.kept.keys().next().value;
      if (oldest !== undefined) this.kept.delete(oldest);
    }
    this.kept.set(id, mask);
    return mask;
  }
}

type Range = RowTest & { kind: 'range' };

/** The held rows of a range that is one value of a flag (./flag-rows.ts); else null. */
function heldFlag({ column, lo, hi, eq }: Omit<Range, 'kind' | 'size'>): FlagRows | null {
  const [only] = eq;
  return eq.length === 1 && only !== undefined && lo === -Infinity && hi === Infinity
    ? flagRows(column, only)
    : null;
}

/** Per slot of `column` (index 0 is null, value v is at v + 1), whether `accepts` takes it. */
function acceptTable(column: CodeColumn, accepts: (cell: string | null) => boolean): Uint8Array {
  const table = new Uint8Array(column.values.length + 1);
  table[0] = accepts(null) ? 1 : 0;
  column.values.forEach((value, code) => (table[code + 1] = accepts(value) ? 1 : 0));
  return table;
}

/** Per slot of `column`, how many rows hold it, made once per snapshot. */
const slotTotals = new WeakMap<CodeColumn, Int32Array>();
function slotCounts(column: CodeColumn): Int32Array {
  let counts = slotTotals.get(column);
  if (!counts) {
    counts = new Int32Array(column.values.length + 1);
    for (let row = 0; row < column.codes.length; row++) {
      const slot = (column.codes[row] as number) + 1;
      counts[slot] = (counts[slot] as number) + 1;
    }
    slotTotals.set(column, counts);
  }
  return counts;
}

/** A wide text column's codes + 1 (0 for null), made once per snapshot. */
const wides = new WeakMap<CodeColumn, Int32Array>();
function wideSlots(column: CodeColumn): Int32Array {
  let slots = wides.get(column);
  if (!slots) {
    slots = new Int32Array(column.codes.length);
    for (let row = 0; row < slots.length; row++) slots[row] = (column.codes[row] as number) + 1;
    wides.set(column, slots);
  }
  return slots;
}

/**
 * A text column's codes + 1 (0 for null) as one byte per row when it has fewer than 256
 * values, made once per snapshot; else null. A mask then reads a quarter of the bytes.
 */
const bytes = new WeakMap<CodeColumn, Uint8Array | null>();
function byteSlots(column: CodeColumn): Uint8Array | null {
  if (bytes.has(column)) return bytes.get(column) ?? null;
  let slots: Uint8Array | null = null;
  if (column.values.length < 256) {
    slots = new Uint8Array(column.codes.length);
    for (let row = 0; row < slots.length; row++) slots[row] = (column.codes[row] as number) + 1;
  }
  bytes.set(column, slots);
  return slots;
}

/** A mask's whole 4-byte words (it must start on one): ANDs and counts take four rows at a time. */
function words(mask: Uint8Array): Uint32Array {
  return new Uint32Array(mask.buffer, mask.byteOffset, mask.length >>> 2);
}

/**
 * Every row's mask, for the last snapshot size asked: shared like every mask, so that a list
 * with no filter does not allocate (and later collect) a megabyte per first ask.
 */
let everyRow = new Uint8Array(0);

/** The rows passing every mask (all rows when there are none), with their count. */
export function allOf(
  masks: readonly Uint8Array[],
  rows: number,
): { mask: Uint8Array; count: number } {
  const [first, ...rest] = masks;
  if (!first) {
    if (everyRow.length !== rows) everyRow = new Uint8Array(rows).fill(1);
    return { mask: everyRow, count: rows };
  }
  // One key: its own mask (masks are never written once made). Else a new one.
  const mask = rest.length === 0 && first.byteOffset % 4 === 0 ? first : first.slice();
  const out = words(mask);
  const whole = out.length << 2;
  for (const other of rest) {
    const by = words(other.byteOffset % 4 === 0 ? other : other.slice());
    for (let w = 0; w < out.length; w++) out[w] = (out[w] as number) & (by[w] as number);
    for (let row = whole; row < rows; row++) {
      mask[row] = (mask[row] as number) & (other[row] as number);
    }
  }
  // Each byte is 0 or 1: multiplying a word by 0x01010101 sums its four in the top byte.
  let count = 0;
  for (let w = 0; w < out.length; w++) count += Math.imul(out[w] as number, 0x01010101) >>> 24;
  for (let row = whole; row < rows; row++) count += mask[row] as number;
  return { mask, count };
}
