import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { acquireWriterLock } from '../src-main/engine/store/writer-lock';
import { startFakeOpencx, type FakeOpencx } from '../fake-opencx/server';
import { callHost } from './support/filter-page';
import { startWebHostProcess, type WebHostProcess } from './support/web-host-process';

// The banner above the panes says what the engine's app.status notice says now, not what it said
// when the page started: here the account's cache is held by another program when the page
// opens, and is let go of while the page stays open.

let fake: FakeOpencx;
let dataDir: string;
const stops: (() => Promise<void> | void)[] = [];

test.beforeAll(async () => {
  fake = await startFakeOpencx({ seed: 31, sessions: 80, rateLimit: false });
  dataDir = mkdtempSync(join(tmpdir(), 'session-desk-notice-'));
});

test.afterAll(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function startHost(): Promise<WebHostProcess> {
  return startWebHostProcess({ account: { baseUrl: fake.url, token: fake.token }, dataDir });
}

/** The account's cache file, where the web host keeps it under its data folder. */
function cacheFile(dir: string): string {
  const found = readdirSync(dir, { recursive: true, encoding: 'utf8' }).find((path) =>
    path.endsWith('cache.db'),
  );
  if (!found) throw new Error(`No cache.db under ${dir}`);
  return join(dir, found);
}

test('the notice that the cache is held by another program goes once the cache opens, without a reload', async ({
  page,
}) => {
  const first = await startHost();
  await callHost(first.url, 'sync.run', { full: true });
  await first.stop();

  // Another writer (as a CLI sync would) holds the cache while the web host starts.
  const lock = acquireWriterLock(cacheFile(dataDir), { program: 'session-desk sync', waitMs: 0 });
  stops.push(() => lock.release());
  const host = await startHost();
  stops.push(() => host.stop());
  await page.goto(host.url);
  const notice = page.getByTestId('app-notice');
  await expect(notice).toContainText('session-desk sync', { timeout: 30_000 });
  await expect(notice).toContainText(
    'Session Desk opens the cache by itself as soon as it is free.',
  );

  lock.release();
  // The engine retries opening every few seconds; then the cache changes and the banner goes.
  await expect(notice).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId('session-count')).toHaveText('80 sessions');
});
