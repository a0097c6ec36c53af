import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../../src-shared/opencx/session';
import { cacheFilePath } from '../store/cache/cache-handles';
import type { CacheStore } from '../store/cache-store';
import { makeSession } from '../store/testing/make-session';
import { openTempCache } from '../store/testing/temp-dir';
import { exportSessionsToFile, type ExportOptions, type ExportRequest } from './export-sessions';
import { startFieldDiscovery } from './field-discovery-worker';
import { discoverFields, discoveryData, emptyDiscovery } from './session-fields';
import { nastyData, seedNasty, type NastyData } from './testing/nasty-sessions';

// The worker's walk is a JavaScript copy of discoverFields: both must learn the same fields from
// the same sessions, and an export whose sample missed fields must come out byte for byte as
// one that read every field before its first row.

let cache: { store: CacheStore; dir: string; dispose: () => void };
let data: NastyData;

/** Shapes the catalogue does not expect, each of which discoverFields handles on its own path. */
function oddSessions(): Session[] {
  const base = (created: string) =>
    makeSession({ created_at: created, updated_at: created, custom_data: {} });
  let deep: Record<string, unknown> = { leaf: 1 };
  for (let i = 0; i < 10; i++) deep = { [`l${i}`]: deep };
  return [
    { ...base('2026-02-01T00:00:00.000Z'), custom_data: 'not a map' } as unknown as Session,
    { ...base('2026-02-02T00:00:00.000Z'), team: 'a team as text' } as unknown as Session,
    { ...base('2026-02-03T00:00:00.000Z'), deep } as Session,
    { ...base('2026-02-04T00:00:00.000Z'), 'a.b': 'flat', empty: {} } as Session,
    { ...base('2026-02-05T00:00:00.000Z'), a: { b: 'nested' } } as Session,
    {
      ...base('2026-02-06T00:00:00.000Z'),
      contact: { id: 'c-odd', custom_data: ['x'], non_verified_custom_data: { late: 1 } },
    } as unknown as Session,
  ];
}

beforeAll(() => {
  cache = openTempCache();
  data = nastyData();
  data.sessions.push(...oddSessions());
  seedNasty(cache.store, data);
});
afterAll(() => cache.dispose());

const sorted = (discovered: ReturnType<typeof emptyDiscovery>) => {
  const plain = discoveryData(discovered);
  return {
    familyKeys: plain.familyKeys.map(([prefix, keys]) => [prefix, [...keys].sort()]).sort(),
    unknownPaths: plain.unknownPaths.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  };
};

/** The worker's request for every session of the cache (or of the file at `path`). */
const wholeCache = (
  start: ReturnType<typeof emptyDiscovery>,
  more: { path?: string; batchSize?: number } = {},
) => ({
  path: cacheFilePath(cache.store.reader),
  where: '1',
  params: [],
  except: [],
  start,
  ...more,
});

describe('the field discovery worker', () => {
  it('learns what discoverFields learns, starting from nothing', async () => {
    const expected = emptyDiscovery();
    for (const session of data.sessions) discoverFields(session, expected);
    const run = startFieldDiscovery(wholeCache(emptyDiscovery(), { batchSize: 7 }));
    try {
      const outcome = await run.outcome;
      expect(outcome.grew).toBe(true);
      expect(run.stale).toBe(true);
      expect(sorted(outcome.discovered)).toEqual(sorted(expected));
    } finally {
      run.close();
    }
  });

  it('says nothing grew when it started from every field', async () => {
    const start = emptyDiscovery();
    for (const session of data.sessions) discoverFields(session, start);
    const run = startFieldDiscovery(wholeCache(start));
    try {
      const outcome = await run.outcome;
      expect(outcome.grew).toBe(false);
      expect(run.stale).toBe(false);
      expect(sorted(outcome.discovered)).toEqual(sorted(start));
    } finally {
      run.close();
    }
  });

  it('fails its outcome, not the process, for a file it cannot open', async () => {
    const run = startFieldDiscovery(
      wholeCache(emptyDiscovery(), { path: join(cache.dir, 'missing.sqlite') }),
    );
    await expect(run.outcome).rejects.toThrow();
    expect(run.stale).toBe(true);
    run.close();
  });
});

describe('"all fields" with the fields learnt beside the rows', () => {
  const exportCsv = async (name: string, request: ExportRequest, options: ExportOptions) => {
    const path = join(cache.dir, name);
    const result = await exportSessionsToFile(cache.store.reader, request, path, options);
    return { bytes: readFileSync(path), result };
  };
  const inProcess: ExportOptions = { backgroundDiscovery: { fromRows: Number.POSITIVE_INFINITY } };
  const requests: Record<string, () => ExportRequest> = {
    everything: () => ({ selection: { filter: {} }, format: 'csv', columns: 'all', bom: true }),
    'a filter, some left out, in another order': () => ({
      selection: { filter: { status: ['open'] }, sort: { field: 'created_at', order: 'asc' } },
      except: data.sessions.slice(0, 5).map((session) => session.id),
      format: 'csv',
      columns: 'all',
      transcripts: true,
      timeZone: 'Europe/Berlin',
    }),
  };

  it.each(Object.keys(requests))('%s: the same bytes whatever the sample held', async (name) => {
    const request = (requests[name] as () => ExportRequest)();
    const expected = await exportCsv('expected.csv', request, inProcess);
    expect(expected.result.rows).toBeGreaterThan(10);
    expect(expected.result.columns.some((id) => id.startsWith('custom_data.'))).toBe(true);
    for (const sampleRows of [0, 1, 3, 10_000]) {
      const got = await exportCsv(`sample-${sampleRows}.csv`, request, {
        backgroundDiscovery: { fromRows: 0, sampleRows },
        batchSize: 5,
      });
      expect(got.result.columns).toEqual(expected.result.columns);
      expect(got.result.rows).toBe(expected.result.rows);
      expect(got.result.missing_transcripts).toEqual(expected.result.missing_transcripts);
      expect(got.bytes.equals(expected.bytes)).toBe(true);
    }
  });

  it('cancelled while the worker reads: no file, and the export says cancelled', async () => {
    const folder = join(cache.dir, 'cancel');
    mkdirSync(folder);
    const controller = new AbortController();
    const attempt = exportSessionsToFile(
      cache.store.reader,
      { selection: { filter: {} }, format: 'csv', columns: 'all' },
      join(folder, 'x.csv'),
      {
        signal: controller.signal,
        batchSize: 5,
        progressIntervalMs: 0,
        backgroundDiscovery: { fromRows: 0, sampleRows: 10_000 },
        onProgress: (progress) => {
          if (progress.phase === 'rows' && progress.done >= 10) controller.abort();
        },
      },
    );
    await expect(attempt).rejects.toMatchObject({ code: 'cancelled' });
    expect(readdirSync(folder)).toEqual([]);
  });
});
