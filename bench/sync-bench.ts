import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeOpencx } from '../fake-opencx/server';
import { openAccountSession } from '../src-main/engine/service/account-session';
import type { BenchOptions } from './bench-options';
import { measureAsync } from './measure';
import { walkLikeAFullSync } from './plain-fetch-walk';
import { printRatioTable, type RatioRow } from './ratio-table';

/**
 * A full sync into a fresh cache through the real client, scheduler and SyncEngine, against the
 * network floor: the same requests to the same fake with plain fetch, results thrown away. The
 * ratio is what parsing, validating, writing SQLite and tag membership cost on top of the wire.
 */
export async function runSyncBench(options: BenchOptions): Promise<RatioRow[]> {
  const fake = await startFakeOpencx({ sessions: options.syncSessions, rateLimit: false });
  const dir = mkdtempSync(join(tmpdir(), 'session-desk-bench-sync-'));
  try {
    let runs = 0;
    let syncRequests = 0;
    let syncedSessions = 0;
    const fullSync = async () => {
      // The production wiring of one account, with the rate limit lifted (the fake has none).
      const harness = openAccountSession({
        account: { id: 'bench', base_url: fake.url, scope_days: null },
        cacheFile: join(dir, `cache-${runs++}.db`),
        tokenProvider: { getToken: () => Promise.resolve(fake.token) },
        fetch: globalThis.fetch.bind(globalThis),
        requestsPerMinute: 100_000,
        now: () => Date.now(),
        onProgress: () => undefined,
      });
      const before = fake.requestCount();
      try {
        await harness.sync.run({ full: true }, new AbortController().signal);
        syncedSessions = harness.store.countSessions();
      } finally {
        harness.close();
      }
      syncRequests = fake.requestCount() - before;
    };
    let floorRequests = 0;
    const floor = async () => {
      floorRequests = (await walkLikeAFullSync(fake.url, fake.token)).requests;
    };

    // The floor is short and so the noisier: it gets more runs.
    const floorTime = await measureAsync(floor, { warmup: 2, runs: options.runs });
    const syncTime = await measureAsync(fullSync, { warmup: 1, runs: options.syncRuns });
    if (syncedSessions !== options.syncSessions) {
      throw new Error(
        `The sync cached ${syncedSessions} of ${options.syncSessions} sessions, so its time would mean nothing.`,
      );
    }
    const rows: RatioRow[] = [
      {
        case: `full sync, ${options.syncSessions} sessions`,
        baselineMs: floorTime.medianMs,
        subjectMs: syncTime.medianMs,
        ratio: syncTime.medianMs / floorTime.medianMs,
        note: `${syncRequests} requests (floor ${floorRequests})`,
      },
    ];
    printRatioTable({
      title: `Sync: full sync against the fake server (no rate limit), ${options.syncSessions} sessions`,
      subject: 'sync ms',
      baseline: 'plain fetch ms',
      ratioMeaning: 'sync / plain fetch floor (the overhead factor; 1 would be free)',
      runs: `${options.syncRuns} (floor ${options.runs})`,
      rows,
    });
    return rows;
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
