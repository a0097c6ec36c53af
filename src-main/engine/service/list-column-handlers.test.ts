import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallResult } from '../../../src-shared/contract/app-error';
import type { ListColumnPrefs } from '../../../src-shared/contract/list-columns';
import { startFakeOpencx, type FakeOpencx } from '../../../fake-opencx/server';
import { createMemorySecretStore } from '../secrets/memory-secret-store';
import { secretPort } from '../secrets/secret-port';
import { createEngine, type Engine } from './create-engine';

// The list's columns through the contract, kept in a real user database (SQLite) per account.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fake(): Promise<FakeOpencx> {
  const server = await startFakeOpencx({ seed: 3, sessions: 20, rateLimit: false });
  cleanups.push(() => server.close());
  return server;
}

function engineFor(server: FakeOpencx | null, dataDir: string): Engine {
  return createEngine(
    { dataDir, ...(server ? { environmentAccount: { base_url: server.url } } : {}) },
    {
      secrets: secretPort(() => Promise.resolve(createMemorySecretStore(null)), server?.token),
      emit: () => undefined,
    },
  );
}

async function call<T>(engine: Engine, channel: string, input: unknown = {}): Promise<T> {
  const result = (await engine.dispatch(channel, input)) as CallResult<T>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

async function refused(engine: Engine, channel: string, input: unknown): Promise<string> {
  const result = (await engine.dispatch(channel, input)) as CallResult<unknown>;
  if (result.ok) throw new Error(`${channel} was accepted`);
  expect(result.error.code).toBe('invalid_input');
  return result.error.message;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'columns-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const CHOSEN: ListColumnPrefs = {
  order: ['status', 'ticket', 'contact', 'created'],
  hidden: ['contact', 'tags'],
  widths: { status: 140, created: 220 },
};

describe('the list columns of the active account (workspace.columns.*)', () => {
  it('loads nothing for an account that never chose, then what it saved, after a restart too', async () => {
    const server = await fake();
    const dir = tempDir();
    const engine = engineFor(server, dir);
    expect(await call(engine, 'workspace.columns.load')).toEqual({ columns: null });
    expect(await call(engine, 'workspace.columns.save', CHOSEN)).toEqual({ saved: true });
    await engine.close();

    const again = engineFor(server, dir);
    cleanups.push(() => again.close());
    expect(await call(again, 'workspace.columns.load')).toEqual({ columns: CHOSEN });
  });

  it('refuses unknown column ids, a column named twice, and widths that are out of bounds or not whole pixels, keeping the saved choice', async () => {
    const server = await fake();
    const engine = engineFor(server, tempDir());
    cleanups.push(() => engine.close());
    await call(engine, 'workspace.columns.save', CHOSEN);

    const base = { order: ['ticket'], hidden: [], widths: {} };
    expect(
      await refused(engine, 'workspace.columns.save', { ...base, order: ['ticket', 'x'] }),
    ).toMatch(/order/);
    expect(
      await refused(engine, 'workspace.columns.save', { ...base, hidden: ['status', 'status'] }),
    ).toMatch(/hidden.*twice/);
    for (const width of [12, 5_000, 120.5, '120']) {
      await refused(engine, 'workspace.columns.save', { ...base, widths: { ticket: width } });
    }
    await refused(engine, 'workspace.columns.save', { ...base, widths: { secret: 100 } });
    await refused(engine, 'workspace.columns.save', { ...base, extra: true });

    expect(await call(engine, 'workspace.columns.load')).toEqual({ columns: CHOSEN });
  });

  it('saves nothing and loads nothing without an account', async () => {
    const engine = engineFor(null, tempDir());
    cleanups.push(() => engine.close());
    expect(await call(engine, 'workspace.columns.save', CHOSEN)).toEqual({ saved: false });
    expect(await call(engine, 'workspace.columns.load')).toEqual({ columns: null });
  });
});
