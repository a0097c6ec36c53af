import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { nodeHttpFetch } from '../src-main/engine/api/node-http-fetch';
import { openAccountSession } from '../src-main/engine/service/account-session';
import { loadNow } from './machine';
import { summarise } from './measure';
import type { PartContext } from './part-context';
import { walkLikeAFullSync } from './plain-fetch-walk';
import type { PartOutcome } from './part-context';

/**
 * A full sync into a fresh cache through the production wiring of one account (real client,
 * request scheduler, SyncEngine, cache writes, the Node hosts' HTTP transport), rate limit
 * lifted, against the network floor: the same requests to the same fake server through the same
 * transport, bodies parsed as far as paging needs and thrown away. The fake runs in its own
 * process, so this process's peak RSS is the engine's. Runs alternate (floor, sync, floor, …) so
 * both meet the same load. Budget: ≤ 1.5×.
 */
export async function runSyncBench(context: PartContext): Promise<PartOutcome> {
  const sessions = context.options.syncSessions;
  const fake = await startFakeProcess(sessions, context.options.seed);
  const dir = mkdtempSync(join(tmpdir(), 'session-desk-bench-sync-'));
  try {
    let run = 0;
    let synced = 0;
    // Each run's two phases: the walks (the sessions until their last page is written, the
    // tags alongside), then what follows them (the tags' members stored, deletion sweep,
    // planner statistics). The floor has only the first.
    const syncPhases: { walks: number[]; rest: number[] } = { walks: [], rest: [] };
    const floorWalks: number[] = [];
    const fullSync = async () => {
      let lastSessionPageAt = Number.NaN;
      const harness = openAccountSession({
        account: { id: 'bench', base_url: fake.url, scope_days: null },
        cacheFile: join(dir, `cache-${run++}.db`),
        tokenProvider: { getToken: () => Promise.resolve(fake.token) },
        fetch: nodeHttpFetch,
        requestsPerMinute: 10_000_000,
        now: () => Date.now(),
        onProgress: (progress) => {
          if (progress.phase === 'sessions') lastSessionPageAt = performance.now();
        },
        program: 'Session Desk bench',
      });
      const started = performance.now();
      try {
        await harness.sync.run({ full: true }, new AbortController().signal);
        const ended = performance.now();
        synced = harness.store.countSessions();
        syncPhases.walks.push(lastSessionPageAt - started);
        syncPhases.rest.push(ended - lastSessionPageAt);
        return ended - started;
      } finally {
        harness.close();
        for (const suffix of ['', '-wal', '-shm', '.lock']) {
          rmSync(join(dir, `cache-${run - 1}.db${suffix}`), { force: true });
        }
      }
    };
    let requests = 0;
    const floor = async () => {
      const started = performance.now();
      const walked = await walkLikeAFullSync(fake.url, fake.token);
      const ended = performance.now();
      requests = walked.requests;
      floorWalks.push(ended - started);
      return ended - started;
    };

    const syncSamples: number[] = [];
    const floorSamples: number[] = [];
    await floor(); // warm-up: the fake's JIT and response paths
    floorWalks.length = 0;
    for (let i = 0; i < context.options.slowRuns; i++) {
      floorSamples.push(await floor());
      syncSamples.push(await fullSync());
    }
    if (synced !== sessions) {
      throw new Error(`The sync cached ${synced} of ${sessions} sessions: its time means nothing.`);
    }
    const sync = summarise(syncSamples);
    const plain = summarise(floorSamples);
    const ratio = sync.medianMs / plain.medianMs;
    // Where the time goes: no budget of their own, the whole sync's is the one above.
    const walks = summarise(syncPhases.walks);
    const floorWalk = summarise(floorWalks);
    return {
      tables: [
        {
          title: `Sync: full sync of ${sessions.toLocaleString('en')} sessions from the fake server (no rate limit, loopback)`,
          subject: 'sync',
          baseline: 'plain walk',
          ratioMeaning:
            'sync / plain walk of the same pages (the overhead factor; 1 would be free)',
          runs: context.options.slowRuns,
          rows: [
            {
              case: `full sync, ${sessions.toLocaleString('en')} sessions`,
              baseline: plain,
              subject: sync,
              ratio,
              budget: { kind: 'ratio', max: 1.5 },
              note: `${requests} requests; load ${loadNow()}`,
            },
            {
              case: '… of which the walks',
              baseline: floorWalk,
              subject: walks,
              ratio: walks.medianMs / floorWalk.medianMs,
              note: 'phase: sessions, tags alongside',
            },
            {
              case: '… then tags stored, sweep, statistics',
              baseline: null,
              subject: summarise(syncPhases.rest),
              ratio: null,
              note: 'phase (the floor stores nothing)',
            },
          ],
        },
      ],
    };
  } finally {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface FakeProcess {
  url: string;
  token: string;
  stop(): Promise<void>;
}

/** The fake OpenCX in a child process (its own memory), rate limit off. */
async function startFakeProcess(sessions: number, seed: number): Promise<FakeProcess> {
  const token = 'ocx_bench_token';
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      resolve(import.meta.dirname, '../fake-opencx/cli.ts'),
      '--port',
      '0',
      '--seed',
      String(seed),
      '--sessions',
      String(sessions),
      '--token',
      token,
      '--no-rate-limit',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolveUrl, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match?.[1]) resolveUrl(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`The fake server exited (${code}).`)));
  });
  return {
    url,
    token,
    stop: () =>
      new Promise((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        child.once('exit', () => resolveStop());
        child.kill('SIGTERM');
      }),
  };
}
