import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCacheStore } from '../engine/store/cache-store';
import { makeSession } from '../engine/store/testing/make-session';
import { REPO_ROOT } from './testing/run-cli';

// Output through a pipe whose reader is slower than the CLI: everything must arrive, and the
// exit code must be the command's.

const SESSIONS = 500;
let cache: string;

beforeAll(() => {
  cache = join(mkdtempSync(join(tmpdir(), 'cli-output-')), 'cache.db');
  const { store } = openCacheStore(cache);
  // About 10 KB per session, so that `query --limit 500` answers about 5 MB.
  const sessions = Array.from({ length: SESSIONS }, (_, i) =>
    makeSession({ custom_data: { note: `${i} `.padEnd(10_000, 'x') } }),
  );
  store.upsertSessions(sessions, '2026-01-01T00:00:00.000Z');
  store.close();
});

/** Runs the CLI with stdout piped to a reader that starts late and then reads in small sips. */
async function runIntoSlowReader(args: string[], startAfterMs: number) {
  const child = spawn(process.execPath, ['bin/session-desk.js', ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
  child.stdout.pause();
  await sleep(startAfterMs);
  const chunks: Buffer[] = [];
  for await (const chunk of child.stdout) {
    chunks.push(chunk as Buffer);
    await sleep(2);
  }
  return { code: await closed, stdout: Buffer.concat(chunks).toString('utf8'), stderr };
}

describe('session-desk output in a pipe', () => {
  it('delivers a multi-megabyte query answer whole to a slow reader, then exits 0', async () => {
    const result = await runIntoSlowReader(['query', '--db', cache, '--limit', '500'], 1_500);
    expect(result.stderr).toBe('');
    expect(result.stdout.length).toBeGreaterThan(4_000_000);
    const document = JSON.parse(result.stdout) as { items: unknown[]; total: number };
    expect(document.items).toHaveLength(SESSIONS);
    expect(document.total).toBe(SESSIONS);
    expect(result.code).toBe(0);
  }, 30_000);

  it('stops quietly with the command’s exit code when the reader closes the pipe early', async () => {
    const child = spawn(
      process.execPath,
      ['bin/session-desk.js', 'query', '--db', cache, '--limit', '500'],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
    child.stdout.once('data', () => child.stdout.destroy());
    expect(await closed).toBe(0);
    expect(stderr).toBe('');
  }, 30_000);
});
