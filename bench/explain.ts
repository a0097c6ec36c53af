// Manual: what each statement of a list or facets call costs, with its query plan.
// npx tsx bench/explain.ts <cache.db> list|facets '<filter json>' ['<sort json>']
import Database from 'better-sqlite3';
import { openEngineUnderTest } from './engine-under-test';
import { LARGE_CACHE_NOW } from './large-cache';

const [path, channel, filterJson, sortJson] = process.argv.slice(2);
if (!path || !channel) throw new Error('usage: explain.ts <cache.db> list|facets <filter> [sort]');
const engine = openEngineUnderTest(path, LARGE_CACHE_NOW, { readOnly: true });
const input = {
  filter: JSON.parse(filterJson ?? '{}') as unknown,
  ...(sortJson ? { sort: JSON.parse(sortJson) as unknown } : {}),
};
const name = channel === 'facets' ? 'sessions.facets' : 'sessions.list';
const { statements } = await engine.recorded(name, input);
const db = new Database(path, { readonly: true });
db.pragma('cache_size = -65536');
for (const { sql, params } of statements) {
  const statement = db.prepare(sql);
  statement.all(...params);
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    statement.all(...params);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`\n${(times[2] ?? 0).toFixed(2)} ms  ${sql.replace(/\s+/g, ' ').slice(0, 400)}`);
  console.log(`   params ${JSON.stringify(params).slice(0, 200)}`);
  for (const row of db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as {
    detail: string;
  }[]) {
    console.log(`   ${row.detail}`);
  }
}
const started = performance.now();
for (let i = 0; i < 5; i++) await engine.call(name, input);
console.log(`\nwhole call: ${((performance.now() - started) / 5).toFixed(1)} ms`);
db.close();
await engine.close();
