import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCacheStore } from '../store/cache-store';
import { openCacheReader } from '../store/cache/open-cache-reader';
import { makeSession } from '../store/testing/make-session';
import { makeTempDir } from '../store/testing/temp-dir';
import { createMemorySecretStore } from '../secrets/memory-secret-store';
import { secretPort } from '../secrets/secret-port';
import { createEngine } from './create-engine';
import { createReadOnlyEngine } from './read-only-engine';

let temp: ReturnType<typeof makeTempDir>;
let path: string;
const open = makeSession({ status: 'open' });
const closed = makeSession({ status: 'closed_resolved' });
beforeEach(() => {
  temp = makeTempDir();
  path = join(temp.dir, 'cache.db');
  const { store } = openCacheStore(path);
  store.upsertSessions([open, closed], '2026-01-01T00:00:00.000Z');
  store.close();
});
afterEach(() => temp.remove());

describe('the read-only engine', () => {
  it('answers the session channels from one cache file', async () => {
    const engine = createReadOnlyEngine(() => openCacheReader(path));
    try {
      expect(
        await engine.dispatch('sessions.list', { filter: { status: ['open'] } }),
      ).toMatchObject({ ok: true, value: { total: 1, items: [{ id: open.id }] } });
      expect(await engine.dispatch('sessions.get', { id: closed.id })).toMatchObject({
        ok: true,
        value: { id: closed.id },
      });
      expect(await engine.dispatch('sessions.facets', {})).toMatchObject({
        ok: true,
        value: {
          facets: { status: expect.arrayContaining([{ value: 'open', label: null, count: 1 }]) },
        },
      });
    } finally {
      engine.close();
    }
  });

  it('refuses bad input with the same sentence as the app, before opening anything', async () => {
    let opened = false;
    const engine = createReadOnlyEngine(() => {
      opened = true;
      return openCacheReader(path);
    });
    const input = { filter: { status: ['snoozed'] }, limit: 0 };
    const readOnly = await engine.dispatch('sessions.list', input);
    const app = createEngine(
      { dataDir: join(temp.dir, 'app') },
      {
        secrets: secretPort(() => Promise.resolve(createMemorySecretStore(null)), null),
        emit: () => undefined,
      },
    );
    try {
      expect(readOnly).toEqual(await app.dispatch('sessions.list', input));
    } finally {
      await app.close();
    }
    expect(readOnly).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(opened).toBe(false);
    engine.close();
  });

  it('refuses every channel that needs the whole engine, in a sentence', async () => {
    const engine = createReadOnlyEngine(() => openCacheReader(path));
    expect(await engine.dispatch('sync.run', {})).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message:
          'sync.run needs the whole engine (an account, sync or the user database); reading one cache file offers sessions.list, sessions.get, sessions.facets, sessions.histogram, contacts.search, custom_data.keys, custom_data.values, sessions.export, sessions.export.cancel.',
      },
    });
    engine.close();
  });
});
