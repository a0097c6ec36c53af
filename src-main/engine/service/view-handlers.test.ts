import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallResult } from '../../../src-shared/contract/app-error';
import type {
  SavedView,
  SessionHistogram,
  SessionsPage,
  ViewCounts,
  Workspace,
} from '../../../src-shared/contract/results';
import { applyFakeFilter, startFakeOpencx, type FakeOpencx } from '../../../fake-opencx/server';
import { createMemorySecretStore } from '../secrets/memory-secret-store';
import { secretPort } from '../secrets/secret-port';
import { createEngine, type Engine } from './create-engine';

// Saved views and the remembered query through the contract, with the engine's clock injected:
// a view of "the last 7 days" counts other sessions on another day.

const DAY = 86_400_000;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let shift = 0;
const clock = () => Date.now() + shift;

async function fake(): Promise<FakeOpencx> {
  const server = await startFakeOpencx({ seed: 5, sessions: 150, rateLimit: false });
  cleanups.push(() => server.close());
  return server;
}

function engineFor(server: FakeOpencx, dataDir: string): Engine {
  const engine = createEngine(
    { dataDir, environmentAccount: { base_url: server.url } },
    {
      secrets: secretPort(() => Promise.resolve(createMemorySecretStore(null)), server.token),
      emit: () => undefined,
      now: clock,
    },
  );
  return engine;
}

async function call<T>(engine: Engine, channel: string, input: unknown = {}): Promise<T> {
  const result = (await engine.dispatch(channel, input)) as CallResult<T>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

async function refused(engine: Engine, channel: string, input: unknown): Promise<string> {
  const result = (await engine.dispatch(channel, input)) as CallResult<unknown>;
  if (result.ok) throw new Error(`${channel} was accepted`);
  return result.error.message;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'views-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('saved views through the contract', () => {
  it('gives a new account the built-ins, counted in its cache, and re-counts relative ones on another day', async () => {
    shift = 0;
    const server = await fake();
    const engine = engineFor(server, tempDir());
    cleanups.push(() => engine.close());
    await call(engine, 'sync.run', { full: true });

    const views = await call<SavedView[]>(engine, 'views.list');
    expect(views.map((view) => view.name)).toEqual([
      'Open',
      'Unresolved',
      'Handed off',
      'Angry',
      'Last 7 days',
    ]);
    const truth = server.truth();
    const count = (filters: object) => applyFakeFilter(truth, { filters }).matching.length;
    const byName = (counts: ViewCounts, name: string) =>
      counts.counts[views.find((view) => view.name === name)!.id];

    const today = await call<ViewCounts>(engine, 'views.counts');
    expect(byName(today, 'Open')).toBe(count({ status: ['open'] }));
    expect(byName(today, 'Angry')).toBe(count({ sentiment: ['angry'] }));
    expect(byName(today, 'Handed off')).toBe(count({ handed_off: true }));
    const now = Date.parse(truth.now);
    const lastWeek = (at: number) =>
      count({ created_at: { from: new Date(at - 7 * DAY).toISOString() } });
    expect(byName(today, 'Last 7 days')).toBeGreaterThanOrEqual(lastWeek(now + 60_000));
    expect(byName(today, 'Last 7 days')).toBeLessThanOrEqual(lastWeek(now - 60_000));

    // Three days later the same view means three days later: fewer of the fake's sessions.
    shift = 3 * DAY;
    const later = await call<ViewCounts>(engine, 'views.counts');
    expect(byName(later, 'Open')).toBe(byName(today, 'Open'));
    expect(byName(later, 'Last 7 days')).toBeGreaterThanOrEqual(lastWeek(now + shift + 60_000));
    expect(byName(later, 'Last 7 days')).toBeLessThanOrEqual(lastWeek(now + shift - 60_000));
    expect(byName(later, 'Last 7 days')).toBeLessThan(byName(today, 'Last 7 days')!);
    const page = await call<SessionsPage>(engine, 'sessions.list', {
      filter: views.find((view) => view.name === 'Last 7 days')!.filter,
      limit: 1,
    });
    expect(page.total).toBe(byName(later, 'Last 7 days'));
    shift = 0;
  });

  it('refuses a duplicate name in a sentence, and keeps the query per account across a restart', async () => {
    shift = 0;
    const server = await fake();
    const dir = tempDir();
    const engine = engineFor(server, dir);
    await call(engine, 'sync.run', { full: true });
    expect(await refused(engine, 'views.save', { name: 'ANGRY', filter: {} })).toBe(
      'A view named “ANGRY” already exists; choose another name, or open that view and save over it.',
    );
    const saved = await call<SavedView>(engine, 'views.save', {
      name: 'Enterprise, angry',
      filter: { sentiment: ['angry'], custom_data: { plan: 'enterprise' }, q: 'refund' },
      sort: { field: 'created_at', order: 'asc' },
      columns: ['ticket', 'contact'],
    });
    expect(saved.columns).toEqual(['ticket', 'contact']);
    await call(engine, 'workspace.save', {
      filter: { status: ['open'], created_at: { within_last: { amount: 30, unit: 'days' } } },
      sort: { field: 'ticket_number', order: 'asc' },
      view_id: saved.id,
    });
    await engine.close();

    const again = engineFor(server, dir);
    cleanups.push(() => again.close());
    const { workspace } = await call<{ workspace: Workspace | null }>(again, 'workspace.load');
    expect(workspace).toEqual({
      filter: { status: ['open'], created_at: { within_last: { amount: 30, unit: 'days' } } },
      sort: { field: 'ticket_number', order: 'asc' },
      view_id: saved.id,
    });
    const views = await call<SavedView[]>(again, 'views.list');
    expect(views.at(-1)).toMatchObject({
      name: 'Enterprise, angry',
      columns: ['ticket', 'contact'],
    });
  });

  it('draws the chart from the cache: its total is the list’s total, offline too', async () => {
    shift = 0;
    const server = await fake();
    const engine = engineFor(server, tempDir());
    cleanups.push(() => engine.close());
    await call(engine, 'sync.run', { full: true });
    await server.close();
    for (const filter of [{}, { status: ['open'] }, { channels: ['web'], handed_off: true }]) {
      const chart = await call<SessionHistogram>(engine, 'sessions.histogram', {
        filter,
        stack_by: 'channel',
      });
      const list = await call<SessionsPage>(engine, 'sessions.list', { filter, limit: 1 });
      expect(chart.total).toBe(list.total);
      const sum = chart.series.flatMap((series) => series.counts).reduce((a, b) => a + b, 0);
      expect(sum).toBe(list.total);
    }
  });
});
