// Manual speed check, not a benchmark with a baseline: `npx tsx bench/query-timings.ts [count]`.
// Fills a cache in a temp dir and prints median timings of typical queries and facets, one line
// per filter (FACETS=one-pass or per-facet forces a facet strategy).
import { join } from 'node:path';
import type { SessionFilter } from '../src-shared/filter/session-filter';
import type { SessionSort } from '../src-shared/filter/session-sort';
import { facetCounts } from '../src-main/engine/query/facets';
import { querySessions } from '../src-main/engine/query/session-query';
import { openCacheStore } from '../src-main/engine/store/cache-store';
import { generateSessions, GENERATED_TAGS } from '../src-main/engine/store/testing/make-session';
import { makeTempDir } from '../src-main/engine/store/testing/temp-dir';

const count = Number(process.argv[2] ?? 100_000);
const temp = makeTempDir();
const { store } = openCacheStore(join(temp.dir, 'cache.sqlite'));
const data = generateSessions(count, 7);
const fillStart = performance.now();
for (let i = 0; i < data.sessions.length; i += 1000) {
  store.upsertSessions(data.sessions.slice(i, i + 1000), '2026-01-01T00:00:00.000Z');
}
const fillMs = performance.now() - fillStart;
store.transaction(() => {
  for (const [id, at] of data.lastMessageAt) {
    if (id.charCodeAt(0) % 5 !== 0) store.setLastMessageAt(id, at);
  }
});
store.replaceTagCatalog(GENERATED_TAGS.map((tag_name) => ({ tag_name })));
for (const tag of GENERATED_TAGS) {
  store.setTagMembers(
    tag,
    [...data.tags].filter(([, tags]) => tags.includes(tag)).map(([id]) => id),
  );
}
const now = Date.parse('2026-06-01T00:00:00.000Z');

function median(fn: () => void, runs = 15): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? NaN;
}

const cases: Array<[string, SessionFilter, Partial<SessionSort>]> = [
  ['no filter, last_message_at desc', {}, {}],
  ['status open, last desc', { status: ['open'] }, {}],
  [
    'status+channel+sentiment, created asc',
    { status: ['open', 'closed_unresolved'], channels: ['web', 'email'], sentiment: ['angry'] },
    { field: 'created_at', order: 'asc' },
  ],
  ['assignee 7, updated desc', { assignee_ids: ['7'] }, { field: 'updated_at' }],
  [
    'unassigned + handed_off, ticket desc',
    { unassigned: true, handed_off: true },
    { field: 'ticket_number' },
  ],
  ['tags vip|urgent', { tags: ['vip', 'urgent'] }, {}],
  ['custom_data plan=pro vip=true', { custom_data: { plan: 'pro', vip: true } }, {}],
  ['last 30 days', { created_at: { within_last: { amount: 30, unit: 'days' } } }, {}],
  ['q "grace"', { q: 'grace' }, {}],
  ['q "gr" prefix', { q: 'gr' }, {}],
  ['q + status', { q: 'ada', status: ['open'] }, {}],
];

console.log(
  `${count} sessions; fill ${fillMs.toFixed(0)} ms (${((fillMs / count) * 1000).toFixed(1)} µs/session)`,
);
for (const [name, filter, sort] of cases) {
  let total = 0;
  const page = median(() => {
    total = querySessions(store.reader, { filter, sort, limit: 100 }, now).total;
  });
  const facets = median(
    () =>
      facetCounts(store.reader, filter, now, {
        budgetMs: 10_000,
        ...(process.env.FACETS === 'one-pass' || process.env.FACETS === 'per-facet'
          ? { strategy: process.env.FACETS }
          : {}),
      }),
    5,
  );
  console.log(
    `${name.padEnd(40)} page+total ${page.toFixed(1).padStart(6)} ms  facets ${facets.toFixed(1).padStart(6)} ms  (total ${total})`,
  );
}
store.close();
temp.remove();
