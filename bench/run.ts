import { readBenchOptions } from './bench-options';
import { runColdOpenBench } from './cold-open-bench';
import { runFacetsBench } from './facets-bench';
import { runQueryBench } from './query-bench';
import { buildSessionCacheFixture } from './session-cache-fixture';
import { runSyncBench } from './sync-bench';

// Every benchmark prints ratios against a baseline measured in the same run (design.md, bench/):
// absolute times differ between machines and between runs, ratios much less.
let options;
try {
  options = readBenchOptions(process.argv.slice(2), process.env);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}

const started = performance.now();
console.log(
  `Session Desk benchmarks: ${options.only.join(', ')}; ${options.cacheSessions} cached sessions, ${options.syncSessions} synced; Node ${process.version}`,
);

const needsCache = options.only.some((name) => name !== 'sync');
if (needsCache) {
  const building = performance.now();
  const fixture = await buildSessionCacheFixture(options.cacheSessions);
  console.log(
    `(built a ${options.cacheSessions}-session cache in ${((performance.now() - building) / 1000).toFixed(1)} s)`,
  );
  try {
    if (options.only.includes('query')) runQueryBench(fixture.store, options);
    if (options.only.includes('facets')) runFacetsBench(fixture.store, options);
    if (options.only.includes('cold-open')) {
      fixture.closeStore();
      runColdOpenBench(fixture.path, options.cacheSessions, options);
    }
  } finally {
    fixture.dispose();
  }
}
if (options.only.includes('sync')) await runSyncBench(options);

console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
