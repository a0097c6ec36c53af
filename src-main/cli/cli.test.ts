import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpencx, type FakeOpencx } from '../../fake-opencx/server';
import { createReadOnlyEngine } from '../engine/service/read-only-engine';
import { CACHE_APPLICATION_ID } from '../engine/store/cache/cache-identity';
import { openCacheReader } from '../engine/store/cache/open-cache-reader';
import { runCli, startCli, type CliResult } from './testing/run-cli';

// The CLI as a user runs it: a separate Node process, a real fake server on 127.0.0.1, real
// cache files. Every bad call must end with one line on stderr, exit code 2, and nothing written.

let fake: FakeOpencx;
let dir: string;
let cache: string;
let syncResult: CliResult;

const SESSIONS = 400;

beforeAll(async () => {
  fake = await startFakeOpencx({ seed: 61, sessions: SESSIONS, rateLimit: false });
  dir = mkdtempSync(join(tmpdir(), 'cli-test-'));
  cache = join(dir, 'cache.db');
  syncResult = await runCli(
    ['sync', '--base-url', fake.url, '--db', cache, '--requests-per-minute', '100000', '--history'],
    { OPENCX_API_TOKEN: fake.token },
  );
}, 30_000);

afterAll(async () => {
  await fake.close();
});

function sha1(path: string): string {
  return createHash('sha1').update(readFileSync(path)).digest('hex');
}

function expectRefused(result: CliResult, mentions: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^session-desk: /);
  expect(lines[0]).toMatch(mentions);
}

const query = (...args: string[]) => runCli(['query', '--db', cache, ...args]);

interface QueryDocument {
  items: { id: string }[];
  total: number;
  next_cursor: string | null;
  facets?: Record<string, unknown>;
}

function parseDocument(result: CliResult): QueryDocument {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const lines = result.stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as QueryDocument;
}

describe('session-desk sync, then query', () => {
  it('syncs with transcripts, printing one JSON summary line', () => {
    expect(syncResult.stderr).toBe('');
    expect(syncResult.code).toBe(0);
    const lines = syncResult.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0]!) as { sessions_upserted: number };
    expect(summary).toMatchObject({
      mode: 'full',
      cancelled: false,
      history: { fetched: SESSIONS, failed: 0 },
    });
    // Pages overlap at a shared created_at, so a session may be counted twice, never skipped.
    expect(summary.sessions_upserted).toBeGreaterThanOrEqual(SESSIONS);
  });

  it('syncs the last N days with --scope-days, and the rest with --backfill', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cli-scope-')), 'cache.db');
    const env = { OPENCX_API_TOKEN: fake.token };
    const base = ['sync', '--base-url', fake.url, '--db', path, '--requests-per-minute', '100000'];
    const result = await runCli([...base, '--scope-days', '30', '--backfill'], env);
    expect(result.stderr).toBe('');
    const summary = JSON.parse(result.stdout) as { backfill: { sessions_upserted: number } };
    expect(summary).toMatchObject({ mode: 'full', backfill: { done: true, cancelled: false } });
    expect(summary.backfill.sessions_upserted).toBeGreaterThan(100);
    const document = parseDocument(await runCli(['query', '--db', path, '--limit', '1']));
    expect(document.total).toBe(SESSIONS);
  });

  it('answers { items, total, next_cursor } and writes nothing to the cache', async () => {
    const before = sha1(cache);
    const document = parseDocument(await query('--limit', '5'));
    expect(Object.keys(document).sort()).toEqual(['items', 'next_cursor', 'total']);
    expect(document.total).toBe(SESSIONS);
    expect(document.items).toHaveLength(5);
    expect(document.next_cursor).toEqual(expect.any(String));
    expect(sha1(cache)).toBe(before);
  });

  it('adds facets with --facets', async () => {
    const document = parseDocument(await query('--limit', '1', '--facets'));
    expect(document.facets).toEqual(expect.objectContaining({ status: expect.anything() }));
  });

  it('walks every session exactly once by following next_cursor', async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const args = ['--limit', '150', '--sort', 'created_at:asc'];
      if (cursor) args.push('--cursor', cursor);
      const document = parseDocument(await query(...args));
      ids.push(...document.items.map((item) => item.id));
      cursor = document.next_cursor;
    } while (cursor !== null);
    expect(ids).toHaveLength(SESSIONS);
    expect(new Set(ids)).toEqual(new Set(fake.truth().sessions.map((s) => s.session.id)));
  });

  it('finds a session by full text with --q', async () => {
    const target = fake.truth().sessions.find((s) => s.session.contact?.email)!.session;
    const document = parseDocument(await query('--q', target.contact!.email!));
    expect(document.items.map((item) => item.id)).toContain(target.id);
    expect(document.total).toBeLessThan(SESSIONS);
  });

  it('applies --filter exactly as the API shapes filters', async () => {
    const document = parseDocument(
      await query('--filter', '{"status":["open"]}', '--limit', '500'),
    );
    const open = fake.truth().sessions.filter((s) => s.session.status === 'open');
    expect(document.total).toBe(open.length);
    expect(new Set(document.items.map((item) => item.id))).toEqual(
      new Set(open.map((s) => s.session.id)),
    );
  });
});

describe.concurrent(
  'session-desk refuses a bad call with one line, exit 2, nothing written',
  () => {
    it('--filter that is not JSON', async () => {
      expectRefused(await query('--filter', '{status:'), /--filter is not valid JSON/);
    });

    it('--filter with an unknown field', async () => {
      expectRefused(await query('--filter', '{"colour":["red"]}'), /colour/);
    });

    it('--filter with a value outside an enum', async () => {
      expectRefused(await query('--filter', '{"status":["snoozed"]}'), /status/);
    });

    it('with the sentence the contract’s dispatcher gives every transport, naming the flag', async () => {
      const engine = createReadOnlyEngine(() => openCacheReader(cache));
      const answer = await engine.dispatch('sessions.list', { filter: { status: ['snoozed'] } });
      engine.close();
      expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      const { message } = (answer as { error: { message: string } }).error;
      const result = await query('--filter', '{"status":["snoozed"]}');
      expectRefused(result, /status/);
      expect(result.stderr).toBe(`session-desk: --filter: ${message}\n`);
    });

    it('--sort that is not FIELD:asc|desc', async () => {
      expectRefused(await query('--sort', 'ticket_number:sideways'), /--sort/);
    });

    it('--limit out of range', async () => {
      expectRefused(await query('--limit', '0'), /--limit/);
      expectRefused(await query('--limit', 'lots'), /--limit/);
    });

    it('an option it does not know', async () => {
      expectRefused(await query('--colour', 'red'), /colour/);
    });

    it('--db that does not exist, and creates nothing', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'cli-missing-'));
      expectRefused(await runCli(['query', '--db', join(folder, 'nothing.db')]), /no database/);
      expect(readdirSync(folder)).toEqual([]);
    });

    it('--db that is a folder', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'cli-folder-'));
      mkdirSync(join(folder, 'cache.db'));
      expectRefused(await runCli(['query', '--db', join(folder, 'cache.db')]), /not a file/);
    });

    it('--db that is not a database, leaving it byte for byte as it was', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'cli-notdb-'));
      const path = join(folder, 'notes.db');
      const content = Buffer.from('These are my notes, not a database.\n'.repeat(200));
      writeFileSync(path, content);
      expectRefused(await runCli(['query', '--db', path]), /not a Session Desk cache/);
      expect(readFileSync(path).equals(content)).toBe(true);
      expect(readdirSync(folder)).toEqual(['notes.db']);
    });

    it('--db that is another SQLite database, leaving it as it was', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'cli-otherdb-'));
      const path = join(folder, 'other.db');
      const other = new Database(path);
      other.exec('CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES (1)');
      other.close();
      const before = sha1(path);
      expectRefused(await runCli(['query', '--db', path]), /not a Session Desk cache/);
      expect(sha1(path)).toBe(before);
    });

    it('--db of a newer schema version, never migrating or quarantining it', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'cli-newer-'));
      const path = join(folder, 'cache.db');
      const newer = new Database(path);
      newer.pragma(`application_id = ${CACHE_APPLICATION_ID}`); // as every newer build's cache
      newer.pragma('user_version = 99');
      newer.close();
      const before = sha1(path);
      expectRefused(await runCli(['query', '--db', path]), /version 99/);
      expect(sha1(path)).toBe(before);
      expect(readdirSync(folder)).toEqual(['cache.db']);
    });

    it('sync with a --base-url that is not http(s), writing no cache', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'cli-url-'));
      expectRefused(
        await runCli(['sync', '--base-url', 'ftp://example.com', '--db', join(folder, 'c.db')], {
          OPENCX_API_TOKEN: fake.token,
        }),
        /--base-url/,
      );
      expect(readdirSync(folder)).toEqual([]);
    });

    it('sync without a token, writing no cache', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'cli-token-'));
      expectRefused(
        await runCli(['sync', '--base-url', fake.url, '--db', join(folder, 'c.db')]),
        /No API token/,
      );
      expect(readdirSync(folder)).toEqual([]);
    });

    it('sync with a bad --scope-days', async () => {
      const env = { OPENCX_API_TOKEN: fake.token };
      const base = ['sync', '--base-url', fake.url, '--db', cache];
      expectRefused(await runCli([...base, '--scope-days', 'ninety'], env), /--scope-days/);
      expectRefused(await runCli([...base, '--scope-days', '-3'], env), /--scope-days/);
    });
  },
);

describe.concurrent('session-desk sync pointed at a file that is not its cache', () => {
  const sync = (path: string) =>
    runCli(['sync', '--base-url', fake.url, '--db', path, '--requests-per-minute', '100000'], {
      OPENCX_API_TOKEN: fake.token,
    });

  it('refuses another application’s SQLite database, leaving it byte for byte, no -wal/-shm', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cli-sync-otherdb-'));
    const path = join(folder, 'other.db');
    const other = new Database(path);
    other.pragma('journal_mode = WAL');
    other.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine')");
    other.close();
    const before = sha1(path);
    expectRefused(
      await sync(path),
      /is not a Session Desk cache \(an SQLite database of another application\); it was left as it was\.$/,
    );
    expect(sha1(path)).toBe(before);
    expect(readdirSync(folder)).toEqual(['other.db']);
  });

  it('refuses a text file, leaving it byte for byte and in its place', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cli-sync-text-'));
    const path = join(folder, 'notes.txt');
    const content = Buffer.from('These are my notes, not a cache.\n'.repeat(200));
    writeFileSync(path, content);
    expectRefused(await sync(path), /not a Session Desk cache \(not an SQLite database\)/);
    expect(readFileSync(path).equals(content)).toBe(true);
    expect(readdirSync(folder)).toEqual(['notes.txt']);
  });

  it('moves a damaged cache aside, says where on stderr, and syncs into a fresh one', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cli-sync-damaged-'));
    const path = join(folder, 'cache.db');
    const made = new Database(path);
    made.pragma(`application_id = ${CACHE_APPLICATION_ID}`);
    made.exec('CREATE TABLE filler (x); INSERT INTO filler VALUES (randomblob(100000))');
    made.close();
    // Every page but the first overwritten: recognisably a Session Desk cache, and damaged.
    const fd = openSync(path, 'r+');
    writeSync(fd, randomBytes(90_000), 0, 90_000, 4096);
    closeSync(fd);
    const result = await sync(path);
    expect(result.code).toBe(0);
    const moved = readdirSync(folder).find((name) => name.startsWith('cache.db.corrupt-'));
    expect(moved).toBeDefined();
    expect(result.stderr).toBe(
      `session-desk: the cache at ${path} was damaged; it was moved to ${join(folder, moved!)} and a fresh one started.\n`,
    );
    expect(JSON.parse(result.stdout)).toMatchObject({ recovered_from: join(folder, moved!) });
    expect(parseDocument(await runCli(['query', '--db', path, '--limit', '1'])).total).toBe(
      SESSIONS,
    );
  });
});

describe.concurrent('session-desk sync that cannot write or cannot start', () => {
  // Permissions do not bind root: as root, the CLI runs as nobody for these.
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const openFolder = () => {
    const folder = mkdtempSync(join(tmpdir(), 'cli-unwritable-'));
    chmodSync(folder, 0o777);
    return folder;
  };

  it('names the path in one sentence when the --db folder is read-only', async () => {
    const folder = join(openFolder(), 'locked');
    mkdirSync(folder, { mode: 0o555 });
    chmodSync(folder, 0o555);
    const path = join(folder, 'cache.db');
    const result = await startCli(
      ['sync', '--base-url', fake.url, '--db', path],
      { OPENCX_API_TOKEN: fake.token },
      asUser,
    ).done;
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe(
      `session-desk: The database at ${path} cannot be written (permission denied); make sure the file and its folder are writable.\n`,
    );
    expect(readdirSync(folder)).toEqual([]);
  });

  it('names the path in one sentence when the --db file is read-only', async () => {
    const folder = openFolder();
    const path = join(folder, 'cache.db');
    const made = new Database(path);
    made.pragma(`application_id = ${CACHE_APPLICATION_ID}`);
    made.close();
    chmodSync(path, 0o444);
    const before = sha1(path);
    const result = await startCli(
      ['sync', '--base-url', fake.url, '--db', path],
      { OPENCX_API_TOKEN: fake.token },
      asUser,
    ).done;
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      new RegExp(`^session-desk: The database at ${path} cannot be written \\(.+\\); `),
    );
    expect(sha1(path)).toBe(before);
  });

  it('leaves no file behind when a first sync fails on a wrong key', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cli-wrong-key-'));
    const result = await runCli(
      ['sync', '--base-url', fake.url, '--db', join(folder, 'cache.db')],
      { OPENCX_API_TOKEN: 'not-the-key' },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^session-desk: .*rejected the API key/);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('leaves no file behind when a first sync fails on a wrong URL', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cli-wrong-url-'));
    const result = await runCli(
      ['sync', '--base-url', 'http://127.0.0.1:9', '--db', join(folder, 'cache.db')],
      { OPENCX_API_TOKEN: fake.token },
    );
    expect(result.code).toBe(1);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('keeps an existing cache when a later sync fails', async () => {
    const result = await runCli(['sync', '--base-url', fake.url, '--db', cache], {
      OPENCX_API_TOKEN: 'not-the-key',
    });
    expect(result.code).toBe(1);
    expect(parseDocument(await query('--limit', '1')).total).toBe(SESSIONS);
  });
});
