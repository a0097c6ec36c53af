// Manual: one full sync against the fake server in this process, for --cpu-prof.
// node --import tsx --cpu-prof --cpu-prof-dir DIR bench/profile-sync.ts [sessions]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeOpencx } from '../fake-opencx/server';
import { nodeHttpFetch } from '../src-main/engine/api/node-http-fetch';
import { openAccountSession } from '../src-main/engine/service/account-session';

const sessions = Number(process.argv[2] ?? 20_000);
const fake = await startFakeOpencx({ sessions, rateLimit: false });
const dir = mkdtempSync(join(tmpdir(), 'session-desk-profile-'));
const harness = openAccountSession({
  account: { id: 'profile', base_url: fake.url, scope_days: null },
  cacheFile: join(dir, 'cache.db'),
  tokenProvider: { getToken: () => Promise.resolve(fake.token) },
  fetch: nodeHttpFetch,
  requestsPerMinute: 10_000_000,
  now: () => Date.now(),
  onProgress: () => undefined,
});
const started = performance.now();
await harness.sync.run({ full: true }, new AbortController().signal);
console.log(
  `synced ${harness.store.countSessions()} sessions in ${(performance.now() - started).toFixed(0)} ms`,
);
harness.close();
await fake.close();
rmSync(dir, { recursive: true, force: true });
