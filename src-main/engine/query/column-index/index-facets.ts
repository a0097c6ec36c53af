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

// Every facet for a filter in one pass over the snapshot's rows. A facet counts the rows that
// pass every constraint but its own keys' (disjunctive counts, as facets.ts does in SQL): a row
// failing no facet's constraint counts in every facet; a row failing exactly one facet's counts
// in that facet only; a row failing a constraint no facet owns (dates, contact, custom data,
// full text), or two facets', counts nowhere.

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
  const { rowStart, rowTags } = snapshot.tags;
  const groupMasks = groups.map((group) => group.mask);
  const groupFacet = groups.map((group) => group.facet);

  for (let row = 0; row < snapshot.rows; row++) {
    if (base && base[row] !== 1) continue;
    let failed = -1;
    let failures = 0;
    for (let g = 0; g < groupMasks.length; g++) {
      if ((groupMasks[g] as Uint8Array)[row] !== 1) {
        failures++;
        failed = groupFacet[g] as number;
        if (failures > 1) break;
      }
    }
    if (failures > 1) continue;
    for (let f = 0; f < sources.length; f++) {
      if (failures === 1 && failed !== f) continue;
      const source = sources[f] as FacetSource;
      const count = counts[f] as Int32Array;
      if (source.column === null) {
        for (let at = rowStart[row] as number; at < (rowStart[row + 1] as number); at++) {
          const slot = (rowTags[at] as number) + 1;
          count[slot] = (count[slot] as number) + 1;
        }
        continue;
      }
      const code = source.column.codes[row] as number;
      count[code + 1] = (count[code + 1] as number) + 1;
      const label = labels[f];
      if (label && source.label) keepGreatestLabel(label, code + 1, source.label, row);
    }
  }

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
