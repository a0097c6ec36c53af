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

// Every facet for a filter: one pass sorts the snapshot's rows by the facets they count in, then
// each facet reads only its own rows. A facet counts the rows that pass every constraint but its
// own keys' (disjunctive counts, as facets.ts does in SQL): a row failing no facet's constraint
// counts in every facet; a row failing exactly one facet's counts in that facet only; a row
// failing a constraint no facet owns (dates, contact, custom data, full text), or two facets',
// counts nowhere.

/** A row's facet state: counts in every facet, or in none (see below). */
const EVERY = 254;
const NONE = 255;

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
  const groups: { facet: number; mask: Uint8Array }[] = [];
  own.forEach((list, facet) => {
    if (list) groups.push({ facet, mask: andAll(list, snapshot.rows) });
  });
  const base = shared.length > 0 ? andAll(shared, snapshot.rows) : null;

  const counts = sources.map(
    (source) =>
      new Int32Array(
        (source.column ? source.column.values.length : snapshot.tags.values.length) + 1,
      ),
  );
  const labels = sources.map((source) =>
    source.label ? new Int32Array((source.column?.values.length ?? 0) + 1).fill(-2) : null,
  );
  // Per row, which facets it counts in: EVERY (it fails no facet's constraint), NONE, or the
  // index of the one facet whose constraint it fails. Then each facet reads only the rows of
  // the states it counts (or, counting the smaller side, of those it does not).
  const rows = snapshot.rows;
  // No constraint at all: every row counts in every facet, and no pass is needed.
  const state = base || groups.length > 0 ? facetStates(rows, base, groups) : null;
  const byState = new Int32Array(256);
  if (!state) byState[EVERY] = rows;
  else {
    for (let row = 0; row < rows; row++) {
      const at = state[row] as number;
      byState[at] = (byState[at] as number) + 1;
    }
  }
  // Count the rows a facet counts, or, when they are most rows, start from the whole cache's
  // counts (made once per snapshot) and take away the rows it does not count: no filter at all
  // costs nothing, a broad one little.
  const fromWhole = sources.map(
    (_, f) => ((byState[EVERY] as number) + (byState[f] as number)) * 2 > rows,
  );
  const needed = new Uint8Array(256);
  fromWhole.forEach((whole, f) => {
    if (!whole) {
      needed[EVERY] = 1;
      needed[f] = 1;
      return;
    }
    for (let at = 0; at < 256; at++) if (at !== EVERY && at !== f) needed[at] = 1;
  });
  const members = state ? rowsByState(state, byState, needed) : [];
  sources.forEach((source, f) => {
    const count = counts[f] as Int32Array;
    if (fromWhole[f]) {
      count.set(allRowsCounts(snapshot, source));
      members.forEach((list, at) => {
        if (list && at !== EVERY && at !== f) tally(snapshot, source, list, count, -1);
      });
    } else {
      for (const list of [members[EVERY], members[f]]) {
        if (list) tally(snapshot, source, list, count, 1);
      }
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
    for (let row = 0; row < rows; row++) {
      const at = state ? (state[row] as number) : EVERY;
      if (at !== EVERY && at !== f) continue;
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
 * Per row, its state: EVERY, NONE, or the one facet whose constraint it fails. Worked out four
 * rows at a time: per row, a byte counts the constraints it fails (a shared one counts twice, so
 * it alone makes NONE) and another sums facet + 1 over them, which names the facet when it fails
 * just one. Masks hold 0 or 1 per byte, so no byte carries into the next.
 */
function facetStates(
  rows: number,
  base: Uint8Array | null,
  groups: readonly { facet: number; mask: Uint8Array }[],
): Uint8Array {
  const state = new Uint8Array(rows);
  if (groups.reduce((sum, { facet }) => sum + facet + 1, 0) > 255) {
    state.fill(EVERY);
    if (base) for (let row = 0; row < rows; row++) if (base[row] !== 1) state[row] = NONE;
    for (const { facet, mask } of groups) {
      for (let row = 0; row < rows; row++) {
        if (mask[row] === 1) continue;
        state[row] = state[row] === EVERY ? facet : NONE;
      }
    }
    return state;
  }
  const fails = new Uint8Array(rows);
  const which = new Uint8Array(rows);
  const failWords = wordsOf(fails);
  const whichWords = wordsOf(which);
  const whole = failWords.length << 2;
  if (base) {
    const by = wordsOf(base);
    for (let w = 0; w < by.length; w++) failWords[w] = ((by[w] as number) ^ ONES) << 1;
    for (let row = whole; row < rows; row++) fails[row] = (1 - (base[row] as number)) << 1;
  }
  for (const { facet, mask } of groups) {
    const by = wordsOf(mask);
    for (let w = 0; w < by.length; w++) {
      const missed = (by[w] as number) ^ ONES;
      if (missed === 0) continue;
      failWords[w] = (failWords[w] as number) + missed;
      whichWords[w] = (whichWords[w] as number) + Math.imul(missed, facet + 1);
    }
    for (let row = whole; row < rows; row++) {
      const missed = 1 - (mask[row] as number);
      fails[row] = (fails[row] as number) + missed;
      which[row] = (which[row] as number) + missed * (facet + 1);
    }
  }
  for (let row = 0; row < rows; row++) {
    const failed = fails[row] as number;
    state[row] = failed === 0 ? EVERY : failed === 1 ? (which[row] as number) - 1 : NONE;
  }
  return state;
}

const ONES = 0x01010101;

/** A mask's whole 4-byte words (a copy's, when the mask does not start on one). */
function wordsOf(mask: Uint8Array): Uint32Array {
  const aligned = mask.byteOffset % 4 === 0 ? mask : mask.slice();
  return new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length >>> 2);
}

/**
 * Per state, its rows in ascending order, for the states `needed` marks that have any; null
 * for the others.
 */
function rowsByState(
  state: Uint8Array,
  byState: Int32Array,
  needed: Uint8Array,
): (Int32Array | null)[] {
  const lists: (Int32Array | null)[] = [];
  const empty = new Int32Array(0);
  for (let at = 0; at < 256; at++) {
    const size = byState[at] as number;
    lists.push(needed[at] === 1 && size > 0 ? new Int32Array(size) : null);
  }
  const filled = new Int32Array(256);
  for (let row = 0; row < state.length; row++) {
    const at = state[row] as number;
    if (needed[at] !== 1) continue;
    const n = filled[at] as number;
    (lists[at] ?? empty)[n] = row;
    filled[at] = n + 1;
  }
  return lists;
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

function andAll(masks: readonly Uint8Array[], rows: number): Uint8Array {
  const [first, ...rest] = masks;
  if (!first) return new Uint8Array(rows).fill(1);
  if (rest.length === 0) return first;
  const out = first.slice();
  for (const other of rest) {
    for (let row = 0; row < rows; row++) out[row] = (out[row] as number) & (other[row] as number);
  }
  return out;
}
