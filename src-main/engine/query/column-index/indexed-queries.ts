import type { FacetCounts } from '../../../../src-shared/contract/facet-counts';
import type {
  SessionHistogram,
  SessionIds,
  SessionsPage,
  ViewCounts,
} from '../../../../src-shared/contract/results';
import {
  SessionFilterSchema,
  type SessionFilter,
} from '../../../../src-shared/filter/session-filter';
import { readSnapshot, type CacheReader } from '../../store/cache/cache-handles';
import { filterToSql } from '../filter-to-sql';
import { parseOrThrow } from '../parse-or-throw';
import { sessionHistogram, type Cells, type HistogramQuery } from '../session-histogram';
import { parseIdsQuery, type SessionIdsQuery } from '../session-ids';
import { parseListQuery, type SessionQuery } from '../session-query';
import type { ViewCountOptions } from '../view-counts';
import type { ColumnSnapshot, CodeColumnName, NumberColumnName } from './column-snapshot';
import { facetsFromSnapshot } from './index-facets';
import { idsFromSnapshot, pageFromSnapshot } from './index-list';
import { allOf, RowMasks, type KeyMask } from './row-masks';

/** The rows a filter matches in a snapshot. */
interface Match {
  /** Each key's own rows, for the facets; made when first needed. */
  masks: KeyMask[] | null;
  mask: Uint8Array;
  count: number;
}

/** The least and greatest value of a date column among a match's rows. */
interface Span {
  lo: number;
  hi: number;
}

/** Matches kept for the next call (the next page, the facets, the chart of the same filter). */
const MAX_KEPT_MATCHES = 4;

/**
 * The list's reads answered from one column snapshot (./column-snapshot.ts), each with the
 * same input, validation, errors and answer as its SQL counterpart in ../ (session-query.ts,
 * session-ids.ts, facets.ts, session-histogram.ts, view-counts.ts). `reader` must see the very
 * snapshot the columns were loaded from: the documents of a page and the rows of side-table
 * clauses come from it (./session-index.ts hands this out only while nothing has changed).
 */
export class IndexedQueries {
  private readonly rowMasks: RowMasks;
  private readonly kept = new Map<string, Match>();
  private spans = new WeakMap<Uint8Array, Map<string, Span | null>>();

  constructor(
    readonly snapshot: ColumnSnapshot,
    private readonly reader: CacheReader,
  ) {
    this.rowMasks = new RowMasks(snapshot, reader);
  }

  /**
   * Drops every kept match and row list, so the next ask of any filter starts from the columns
   * (benchmarks time a first ask, as after a filter click, with it).
   */
  forget(): void {
    this.kept.clear();
    this.spans = new WeakMap();
    this.rowMasks.forget();
  }

  list(input: SessionQuery, now: number): SessionsPage {
    const query = parseListQuery(input);
    return readSnapshot(this.reader, () => {
      const match = this.match(query.filter, now);
      return pageFromSnapshot(this.snapshot, this.reader, query, match.mask, match.count);
    });
  }

  ids(input: SessionIdsQuery, now: number): SessionIds {
    const query = parseIdsQuery(input);
    return readSnapshot(this.reader, () => {
      const match = this.match(query.filter, now);
      return idsFromSnapshot(
        this.snapshot,
        this.reader,
        query.sort,
        {
          offset: query.offset,
          limit: query.limit,
          ...(input.within ? { within: input.within } : {}),
        },
        match.mask,
        match.count,
      );
    });
  }

  /** Null when the snapshot cannot count some facet (SQL then answers). */
  facets(input: SessionFilter, now: number): FacetCounts | null {
    const filter = parseOrThrow(SessionFilterSchema, input, 'filter');
    return readSnapshot(this.reader, () => {
      const match = this.match(filter, now, true);
      match.masks ??= this.rowMasks.forFilter(filter, now);
      return facetsFromSnapshot(this.snapshot, match.masks);
    });
  }

  histogram(query: HistogramQuery, now: number): SessionHistogram {
    const filter = parseOrThrow(SessionFilterSchema, query.filter, 'filter');
    return readSnapshot(this.reader, () => {
      const { mask } = this.match(filter, now);
      return sessionHistogram(this.reader, { ...query, filter }, now, {
        matched: {
          span: (column) => this.span(mask, column),
          cells: (column, stack, buckets) => this.cells(mask, column, stack, buckets),
        },
      });
    });
  }

  /** As view-counts.ts, without its budget: each count is one scan of a few milliseconds. */
  viewCounts(
    views: readonly { id: string; filter: SessionFilter }[],
    now: number,
    _options: ViewCountOptions = {},
  ): ViewCounts {
    const started = performance.now();
    return readSnapshot(this.reader, () => {
      const counts: Record<string, number> = {};
      const skipped: string[] = [];
      for (const view of views) {
        const filter = SessionFilterSchema.safeParse(view.filter);
        if (!filter.success) {
          skipped.push(view.id);
          continue;
        }
        counts[view.id] = this.match(filter.data, now).count;
      }
      return { counts, skipped, elapsed_ms: performance.now() - started };
    });
  }

  /** `perKey`: the facets will want each key's rows too, so make those first. */
  private match(filter: SessionFilter, now: number, perKey = false): Match {
    // The SQL the filter stands for, relative dates resolved: equal keys, equal rows.
    const { where, params } = filterToSql(filter, now);
    const id = `${where}\u0000${JSON.stringify(params)}`;
    const kept = this.kept.get(id);
    if (kept) {
      this.kept.delete(id);
      this.kept.set(id, kept);
      return kept;
    }
    let match: Match;
    const selective = perKey ? null : this.rowMasks.selective(filter, now);
    if (selective) {
      match = { masks: null, ...selective };
    } else {
      const masks = this.rowMasks.forFilter(filter, now);
      const { mask, count } = allOf(
        masks.map((entry) => entry.mask),
        this.snapshot.rows,
      );
      match = { masks, mask, count };
    }
    if (this.kept.size >= MAX_KEPT_MATCHES) {
      const oldest = this.kept.keys().next().value;
      if (oldest !== undefined) this.kept.delete(oldest);
    }
    this.kept.set(id, match);
    return match;
  }

  private number(column: string): Float64Array {
    const name = column.replace(/^s\./, '');
    if (!(name in this.snapshot.numbers)) throw new Error(`No column ${column} in the index.`);
    return this.snapshot.numbers[name as NumberColumnName];
  }

  /**
   * The chart asks for a span and then for cells, which need the span again: one pass over
   * every row each time, so the span is kept with the match's mask it was worked out for.
   */
  private span(mask: Uint8Array, column: string): Span | null {
    let byColumn = this.spans.get(mask);
    if (!byColumn) {
      byColumn = new Map();
      this.spans.set(mask, byColumn);
    }
    let span = byColumn.get(column);
    if (span === undefined) {
      span = this.spanOf(mask, column);
      byColumn.set(column, span);
    }
    return span;
  }

  private spanOf(mask: Uint8Array, column: string): Span | null {
    const values = this.number(column);
    let lo = Infinity;
    let hi = -Infinity;
    for (let row = 0; row < this.snapshot.rows; row++) {
      if (mask[row] !== 1) continue;
      const value = values[row] as number;
      if (value < lo) lo = value;
      if (value > hi) hi = value;
    }
    return lo === Infinity ? null : { lo, hi };
  }

  private cells(
    mask: Uint8Array,
    column: string,
    stack: string,
    { origin, width }: { origin: number; width: number },
  ): Cells {
    const values = this.number(column);
    const stackName = stack.replace(/^s\./, '');
    if (!(stackName in this.snapshot.text)) throw new Error(`No column ${stack} in the index.`);
    const { codes, values: names } = this.snapshot.text[stackName as CodeColumnName];
    const slots = names.length + 1;
    const span = this.span(mask, column);
    if (span === null) return [];
    // As SQL's CAST((date - origin) / width AS INTEGER): integer division towards zero.
    const bucketOf = (value: number) => Math.trunc((value - origin) / width);
    const first = bucketOf(span.lo);
    const buckets = bucketOf(span.hi) - first + 1;
    const counts = new Int32Array(buckets * slots);
    for (let row = 0; row < this.snapshot.rows; row++) {
      if (mask[row] !== 1) continue;
      const value = values[row] as number;
      if (Number.isNaN(value)) continue;
      const cell = (bucketOf(value) - first) * slots + (codes[row] as number) + 1;
      counts[cell] = (counts[cell] as number) + 1;
    }
    const cells: Cells = [];
    for (let at = 0; at < counts.length; at++) {
      const n = counts[at] as number;
      if (n === 0) continue;
      const slot = at % slots;
      cells.push({
        b: first + (at - slot) / slots,
        v: slot === 0 ? null : (names[slot - 1] as string),
        n,
      });
    }
    return cells;
  }
}
