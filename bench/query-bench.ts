import { isDeepStrictEqual } from 'node:util';
import { querySessions } from '../src-main/engine/query/session-query';
import type { CacheStore } from '../src-main/engine/store/cache-store';
import type { SessionFilter } from '../src-shared/filter/session-filter';
import type { BenchOptions } from './bench-options';
import { measure } from './measure';
import { naiveSessionQuery } from './naive-session-query';
import { printRatioTable, type RatioRow } from './ratio-table';

const LIMIT = 100;
const SORT = { field: 'updated_at', order: 'desc' } as const;

/**
 * The query engine's first page (SQL over indexed columns, FTS5 for `q`) against the naive
 * approach the cache exists to beat: parse every row's raw JSON, filter and sort in JS.
 * Both return the first 100 by updated_at desc plus the total, and must agree on them.
 */
export function runQueryBench(store: CacheStore, options: BenchOptions): RatioRow[] {
  const cases: { name: string; filter: SessionFilter; exact: boolean }[] = [
    { name: 'no filter', filter: {}, exact: true },
    { name: 'status', filter: { status: ['open'] }, exact: true },
    {
      name: 'channels + status',
      filter: { channels: ['email', 'whatsapp'], status: ['closed_unresolved'] },
      exact: true,
    },
    { name: 'tags', filter: { tags: ['urgent', 'security'] }, exact: true },
    {
      name: 'custom_data',
      filter: { custom_data: { plan: 'enterprise', region: 'eu' } },
      exact: true,
    },
    // Full-text and substring search differ in what they match, so totals are only reported.
    { name: 'free text q', filter: { q: searchWord(store) }, exact: false },
  ];

  const rows: RatioRow[] = [];
  for (const { name, filter, exact } of cases) {
    const now = Date.now();
    const engine = () => querySessions(store.reader, { filter, sort: SORT, limit: LIMIT }, now);
    const naive = () => naiveSessionQuery(store.reader, filter, LIMIT);

    const page = engine();
    const expected = naive();
    const ids = page.items.map((s) => s.id);
    const expectedIds = expected.items.map((s) => s.id);
    if (exact && (page.total !== expected.total || !isDeepStrictEqual(ids, expectedIds))) {
      throw new Error(
        `Query case "${name}": engine and baseline disagree (totals ${page.total} vs ${expected.total}), so the ratio would mean nothing.`,
      );
    }

    const warm = { warmup: 2, runs: options.runs };
    const engineTime = measure(engine, warm);
    const naiveTime = measure(naive, warm);
    rows.push({
      case: name,
      baselineMs: naiveTime.medianMs,
      subjectMs: engineTime.medianMs,
      ratio: naiveTime.medianMs / engineTime.medianMs,
      note: exact
        ? `${page.total} match`
        : `q=${JSON.stringify(filter.q)}: FTS ${page.total}, substring ${expected.total}`,
    });
  }

  printRatioTable({
    title: `Query: first page of ${LIMIT}, sorted by updated_at desc, ${store.countSessions()} cached sessions`,
    subject: 'engine ms',
    baseline: 'parse all + JS ms',
    ratioMeaning: 'baseline / engine (> 1: the engine is that many times faster)',
    runs: options.runs,
    rows,
  });
  return rows;
}

/** A contact's first name from the cache, so the search finds something at any size. */
function searchWord(store: CacheStore): string {
  const name = store.reader
    .prepare<[], string>(
      "SELECT contact_name FROM session_documents WHERE contact_name <> '' ORDER BY rid LIMIT 1",
    )
    .pluck()
    .get();
  return name?.split(/\s+/)[0]?.toLowerCase() ?? 'a';
}
