import {
  FACET_FIELDS,
  type FacetBucket,
  type FacetCounts,
  type FacetField,
} from '../../../../src-shared/contract/facet-counts';
import { compareSortKeys } from '../sort-plan';
import { FACET_SQL } from '../facet-sql';
import { byCountThenValue } from '../facets-in-one-pass';
import type { CodeColumn, CodeColumnName, ColumnSnapshot } from './column-snapshot';
import type { KeyMask } from './row-masks';

// Every facet for a filter. A facet counts the rows that pass every constraint but its own keys'
// (disjunctive counts, as facets.ts does in SQL): each constraint's mask is packed into bits,
// and each facet's rows are one AND of the others' bits, word by word. A facet no constraint
// belongs to counts the rows passing everything; only the facets the filter constrains count a
// set of their own. Each set's rows are listed once from its bits and tallied per facet, or,
// when they are most rows, the rows it leaves out are taken from the whole cache's counts.

interface FacetSource {
  field: FacetField;
  /** The facet's value column, or null for the tag facet (a row may carry several). */
  column: CodeColumn | null;
  /** The display name beside the value (the team's name), or null. */
  label: CodeColumn | null;
}

/**
 * Facet counts from a snapshot, given each constrained key's mask (row-masks.ts). Returns null
 * when a facet is not one the snapshot holds (a facet added later than this code): SQL answers.
 */
export function facetsFromSnapshot(
  snapshot: ColumnSnapshot,
  masks: readonly KeyMask[],
): FacetCounts | null {
  const started = performance.now();
  const sources: FacetSource[] = [];
  for (const field of FACET_FIELDS) {
    const sql = FACET_SQL[field];
    if (sql.kind === 'membership') {
      if (sql.table !== 'session_tags') return null;
      sources.push({ field, column: null, label: null });
      continue;
    }
    const column = codeColumn(snapshot, sql.column);
    if (!column) return null;
    sources.push({
      field,
      column,
      label: sql.label ? codeColumn(snapshot, sql.label) : null,
    });
  }

  // Group the masks: each facet's own keys, and the rest (shared by every facet).
  const ownerOf = new Map<string, number>();
  sources.forEach((source, index) => {
    for (const key of FACET_SQL[source.field].keys) ownerOf.set(key, index);
  });
  const shared: Uint8Array[] = [];
  const own: (Uint8Array[] | undefined)[] = sources.map(() => undefined);
  for (const { key, mask } of masks) {
    const owner = ownerOf.get(key);
    if (owner === undefined) shared.push(mask);
    else (own[owner] ??= []).push(mask);
  }
  const rows = snapshot.rows;
  const base = shared.length > 0 ? packedAnd(shared, rows) : null;
  const constraints = own.map((list) => (list ? packedAnd(list, rows) : null));
  // The rows passing everything; null when nothing is constrained (every row).
  const every = intersection([base, ...constraints]);
  const rowsOf = new RowSets(rows);

  const counts = sources.map(
    (source) =>
      new Int32Array(
        (source.column ? source.column.values.length : snapshot.tags.values.length) + 1,
      ),
  );
  const labels = sources.map((source) =>
    source.label ? new Int32Array((source.column?.values.length ?? 0) + 1).fill(-2) : null,
  );
  sources.forEach((source, f) => {
    const count = counts[f] as Int32Array;
    const counted =
      constraints[f] === null
        ? every
        : intersection([base, ...constraints.filter((_, other) => other !== f)]);
    // Count the rows a facet counts, or, when they are most rows, start from the whole cache's
    // counts (made once per snapshot) and take away the rows it does not count: no filter at
    // all costs nothing, a broad one little.
    if (counted === null) count.set(allRowsCounts(snapshot, source));
    else if (rowsOf.size(counted) * 2 > rows) {
      count.set(allRowsCounts(snapshot, source));
      tally(snapshot, source, rowsOf.listed(counted, false), count, -1);
    } else {
      tally(snapshot, source, rowsOf.listed(counted, true), count, 1);
    }
    if (source.column === null) return;
    const codes = source.column.codes;
    const label = labels[f];
    if (!label || !source.label) return;
    const single = singleLabels(source.column, source.label);
    if (single) {
      // Each value has one label in the whole cache (the usual case): no need to look per row.
      for (let slot = 0; slot < count.length; slot++) label[slot] = single[slot] as number;
      return;
    }
    const listed = counted === null ? null : rowsOf.listed(counted, true);
    const n = listed ? listed.length : rows;
    for (let at = 0; at < n; at++) {
      const row = listed ? (listed[at] as number) : at;
      keepGreatestLabel(label, (codes[row] as number) + 1, source.label, row);
    }
  });

  const facets: FacetCounts['facets'] = {};
  sources.forEach((source, f) => {
    const count = counts[f] as Int32Array;
    const values = source.column ? source.column.values : snapshot.tags.values;
    const label = labels[f];
    const buckets: FacetBucket[] = [];
    for (let slot = 0; slot < count.length; slot++) {
      const n = count[slot] as number;
      if (n === 0) continue;
      const labelCode = label ? (label[slot] as number) : -1;
      buckets.push({
        value: slot === 0 ? null : (values[slot - 1] as string),
        label: labelCode >= 0 && source.label ? (source.label.values[labelCode] as string) : null,
        count: n,
      });
    }
    facets[source.field] = buckets.sort(byCountThenValue);
  });
  return { facets, skipped: [], elapsed_ms: performance.now() - started };
}

/**
 * The AND of byte masks (1 = passes) as bits, 32 rows per word, row r at bit r % 32 of word
 * r / 32. Read four mask bytes at a time (little-endian, as every platform Electron ships for):
 * each is 0 or 1, so a word's four bits sit at bits 0, 8, 16 and 24 and gather into a nibble.
 */
function packedAnd(masks: readonly Uint8Array[], rows: number): Uint32Array {
  const bits = new Uint32Array((rows + 31) >>> 5).fill(0xffffffff);
  for (const mask of masks) {
    const aligned = mask.byteOffset % 4 === 0 ? mask : mask.slice();
    const quads = new Uint32Array(aligned.buffer, aligned.byteOffset, rows >>> 2);
    const wholeWords = rows >>> 5;
    for (let w = 0; w < wholeWords; w++) {
      let word = 0;
      for (let q = 0; q < 8; q++) {
        const v = quads[(w << 3) + q] as number;
        const nibble = (v & 1) | ((v >>> 7) & 2) | ((v >>> 14) & 4) | ((v >>> 21) & 8);
        word |= nibble << (q << 2);
      }
      bits[w] = (bits[w] as number) & word;
    }
    if (wholeWords < bits.length) {
      let word = 0;
      for (let row = wholeWords << 5; row < rows; row++) {
        if (mask[row] === 1) word |= 1 << (row & 31);
      }
      bits[wholeWords] = (bits[wholeWords] as number) & word;
    }
  }
  // Bits past the last row stay clear, so a count of set bits is a count of rows.
  const tail = rows & 31;
  if (tail !== 0) bits[bits.length - 1] = (bits[bits.length - 1] as number) & ((1 << tail) - 1);
  return bits;
}

/** The AND of the non-null bit sets; null when all are null (no constraint: every row). */
function intersection(sets: readonly (Uint32Array | null)[]): Uint32Array | null {
  const present = sets.filter((set): set is Uint32Array => set !== null);
  const [first, ...rest] = present;
  if (!first) return null;
  if (rest.length === 0) return first;
  const out = first.slice();
  for (const set of rest) {
    for (let w = 0; w < out.length; w++) out[w] = (out[w] as number) & (set[w] as number);
  }
  return out;
}

/**
 * Bit sets' sizes and row lists, each worked out once: facets that count the same rows (every
 * facet the filter does not constrain) share them.
 */
class RowSets {
  private readonly sizes = new Map<Uint32Array, number>();
  private readonly lists = new Map<Uint32Array, { in?: Int32Array; out?: Int32Array }>();

  constructor(private readonly rows: number) {}

  size(set: Uint32Array): number {
    let size = this.sizes.get(set);
    if (size === undefined) {
      size = 0;
      for (let w = 0; w < set.length; w++) size += bitCount(set[w] as number);
      this.sizes.set(set, size);
    }
    return size;
  }

  /** The rows in `set` (`inside`), or those of the snapshot not in it, ascending. */
  listed(set: Uint32Array, inside: boolean): Int32Array {
    let lists = this.lists.get(set);
    if (!lists) {
      lists = {};
      this.lists.set(set, lists);
    }
    const kept = inside ? lists.in : lists.out;
    if (kept) return kept;
    const size = inside ? this.size(set) : this.rows - this.size(set);
    const list = new Int32Array(size);
    const tail = this.rows & 31;
    let n = 0;
    for (let w = 0; w < set.length; w++) {
      let word = inside ? (set[w] as number) : ~(set[w] as number);
      if (!inside && tail !== 0 && w === set.length - 1) word &= (1 << tail) - 1;
      const first = w << 5;
      while (word !== 0) {
        const lowest = word & -word;
        list[n++] = first + 31 - Math.clz32(lowest);
        word ^= lowest;
      }
    }
    if (inside) lists.in = list;
    else lists.out = list;
    return list;
  }
}

function bitCount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
}

/** Adds `sign` to `count` for each value of each of `rows` (every row when null). */
function tally(
  snapshot: ColumnSnapshot,
  source: FacetSource,
  rows: Int32Array | null,
  count: Int32Array,
  sign: 1 | -1,
): void {
  const n = rows ? rows.length : snapshot.rows;
  // Four interleaved tallies, summed after: neighbouring rows mostly share a value, and one
  // tally would make each increment wait for the one before it.
  const lanes = new Int32Array(count.length * 4);
  if (source.column === null) {
    const { rowStart, rowTags } = snapshot.tags;
    for (let at = 0; at < n; at++) {
      const row = rows ? (rows[at] as number) : at;
      for (let tag = rowStart[row] as number; tag < (rowStart[row + 1] as number); tag++) {
        const lane = (((rowTags[tag] as number) + 1) << 2) | (tag & 3);
        lanes[lane] = (lanes[lane] as number) + 1;
      }
    }
  } else {
    const slots = slotsOf(source.column);
    for (let at = 0; at < n; at++) {
      const row = rows ? (rows[at] as number) : at;
      const lane = ((slots[row] as number) << 2) | (at & 3);
      lanes[lane] = (lanes[lane] as number) + 1;
    }
  }
  for (let slot = 0; slot < count.length; slot++) {
    const lane = slot << 2;
    const sum =
      (lanes[lane] as number) +
      (lanes[lane + 1] as number) +
      (lanes[lane + 2] as number) +
      (lanes[lane + 3] as number);
    count[slot] = (count[slot] as number) + sign * sum;
  }
}

/** Each value's count over every row of the snapshot, for one facet, made once. */
const wholeCounts = new WeakMap<ColumnSnapshot, Map<FacetField, Int32Array>>();
function allRowsCounts(snapshot: ColumnSnapshot, source: FacetSource): Int32Array {
  let byFacet = wholeCounts.get(snapshot);
  if (!byFacet) {
    byFacet = new Map();
    wholeCounts.set(snapshot, byFacet);
  }
  let all = byFacet.get(source.field);
  if (!all) {
    const size = (source.column ? source.column.values.length : snapshot.tags.values.length) + 1;
    all = new Int32Array(size);
    tally(snapshot, source, null, all, 1);
    byFacet.set(source.field, all);
  }
  return all;
}

/** SQL's max(label) over the counted rows of a value: nulls ignored, text by its bytes. */
function keepGreatestLabel(best: Int32Array, slot: number, label: CodeColumn, row: number): void {
  const code = label.codes[row] as number;
  const current = best[slot] as number;
  if (code === current || code < 0) return;
  if (current < 0) {
    best[slot] = code;
    return;
  }
  if (compareSortKeys(label.values[code] as string, label.values[current] as string) > 0) {
    best[slot] = code;
  }
}

/**
 * Per value slot of `column`, its one non-null label code (-2 for none) when no value has two
 * different labels anywhere in the snapshot; null otherwise. Worked out once per snapshot.
 */
const singles = new WeakMap<CodeColumn, Int32Array | null>();
function singleLabels(column: CodeColumn, label: CodeColumn): Int32Array | null {
  if (singles.has(column)) return singles.get(column) ?? null;
  const found = new Int32Array(column.values.length + 1).fill(-2);
  let single: Int32Array | null = found;
  for (let row = 0; row < column.codes.length; row++) {
    const code = label.codes[row] as number;
    if (code < 0) continue;
    const slot = (column.codes[row] as number) + 1;
    const seen = found[slot] as number;
    if (seen === -2) found[slot] = code;
    else if (seen !== code) {
      single = null;
      break;
    }
  }
  singles.set(column, single);
  return single;
}

/**
 * A column's codes + 1 (0 for null) as 16-bit numbers, made once per snapshot: the facet loops
 * read two bytes per row instead of four. One array kind for every facet keeps the loop's
 * element access monomorphic (mixing kinds there made V8 take the slow path).
 */
const narrow = new WeakMap<CodeColumn, Uint16Array | Int32Array>();
function slotsOf(column: CodeColumn): Uint16Array | Int32Array {
  let slots = narrow.get(column);
  if (!slots) {
    const size = column.values.length + 1;
    slots =
      size <= 0xffff ? new Uint16Array(column.codes.length) : new Int32Array(column.codes.length);
    for (let row = 0; row < column.codes.length; row++) {
      slots[row] = (column.codes[row] as number) + 1;
    }
    narrow.set(column, slots);
  }
  return slots;
}

function codeColumn(snapshot: ColumnSnapshot, sqlColumn: string): CodeColumn | null {
  const name = sqlColumn.replace(/^s\./, '');
  return name in snapshot.text ? snapshot.text[name as CodeColumnName] : null;
}
