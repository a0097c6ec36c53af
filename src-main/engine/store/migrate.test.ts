import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseTooNewError, migrate, readUserVersion, type Migration } from './migrate';
import { cacheMigrations } from './migrations/cache';
import { userMigrations } from './migrations/user';
import { openDatabase } from './open-database';
import { makeTempDir } from './testing/temp-dir';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.remove());

const tableNames = (db: Database.Database): string[] =>
  db
    .prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
    .pluck()
    .all();

describe('migrate', () => {
  it('brings a fresh cache database to the newest version with every table', () => {
    const { db, migration } = openDatabase(join(temp.dir, 'c.sqlite'), {
      migrations: cacheMigrations,
      synchronous: 'NORMAL',
    });
    expect(migration).toEqual({
      from: 0,
      to: 10,
      applied: [
        '001-initial',
        '002-full-text-search',
        '003-sort-indexes',
        '004-session-counts',
        '005-hourly-counts',
        '006-lighter-writes',
        '007-writes-per-page',
        '008-sort-labels',
        '009-full-text-vocabulary',
        '010-deferred-indexes',
      ],
    });
    expect(readUserVersion(db)).toBe(cacheMigrations.length);
    expect(tableNames(db)).toEqual(
      expect.arrayContaining([
        'sessions',
        'session_documents',
        'session_custom_data',
        'session_tags',
        'tags',
        'session_history',
        'deleted_sessions',
        'sync_state',
        'session_fts',
        'session_counts',
        'session_hour_counts',
        'assignee_names',
        'deferred_indexes',
      ]),
    );
    db.close();
  });

  it('brings a fresh user database to the newest version', () => {
    const { db } = openDatabase(join(temp.dir, 'u.sqlite'), {
      migrations: userMigrations,
      synchronous: 'FULL',
    });
    expect(tableNames(db)).toEqual(['accounts', 'assignee_names', 'saved_views', 'settings']);
    db.close();
  });

  it('applies nothing when opened again (idempotent)', () => {
    const path = join(temp.dir, 'c.sqlite');
    openDatabase(path, { migrations: cacheMigrations, synchronous: 'NORMAL' }).db.close();
    const again = openDatabase(path, { migrations: cacheMigrations, synchronous: 'NORMAL' });
    expect(again.migration).toEqual({ from: 10, to: 10, applied: [] });
    again.db.close();
  });

  it('applies only the steps a database has not seen yet', () => {
    const path = join(temp.dir, 'c.sqlite');
    openDatabase(path, {
      migrations: cacheMigrations.slice(0, 1),
      synchronous: 'NORMAL',
    }).db.close();
    const later = openDatabase(path, { migrations: cacheMigrations, synchronous: 'NORMAL' });
    expect(later.migration.applied).toEqual([
      '002-full-text-search',
      '003-sort-indexes',
      '004-session-counts',
      '005-hourly-counts',
      '006-lighter-writes',
      '007-writes-per-page',
      '008-sort-labels',
      '009-full-text-vocabulary',
      '010-deferred-indexes',
    ]);
    later.db.close();
  });

  it('refuses a database written by a newer build and leaves the file alone', () => {
    const path = join(temp.dir, 'c.sqlite');
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    const before = readFileSync(path);
    expect(() =>
      openDatabase(path, { migrations: cacheMigrations, synchronous: 'NORMAL' }),
    ).toThrowError(DatabaseTooNewError);
    expect(() =>
      openDatabase(path, { migrations: cacheMigrations, synchronous: 'NORMAL' }),
    ).toThrowError(/schema version 99, newer than this build knows \(10\)/);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}.corrupt`)).toBe(false);
  });

  it('rolls back a failing step together with its version bump', () => {
    const db = new Database(join(temp.dir, 'x.sqlite'));
    const steps: Migration[] = [
      { version: 1, name: 'one', up: (d) => d.exec('CREATE TABLE a (x)') },
      {
        version: 2,
        name: 'two',
        up: (d) => {
          d.exec('CREATE TABLE b (x)');
          throw new Error('boom');
        },
      },
    ];
    expect(() => migrate(db, steps, 'x')).toThrow('boom');
    expect(readUserVersion(db)).toBe(1);
    expect(tableNames(db)).toEqual(['a']);
    db.close();
  });

  it('rejects a migration list whose versions are not 1, 2, 3…', () => {
    const db = new Database(':memory:');
    const steps: Migration[] = [{ version: 2, name: 'skipped-one', up: () => {} }];
    expect(() => migrate(db, steps, 'x')).toThrow(/has version 2; expected 1/);
    db.close();
  });

  it('runs each step once when two processes migrate one new file at the same moment', async () => {
    const path = join(temp.dir, 'race.sqlite');
    const created = new Database(path);
    created.pragma('journal_mode = WAL');
    created.close();
    const children = [0, 1].map(() => migrateInChild(path, 800));
    await Promise.all(children.map((child) => child.ready));
    for (const child of children) child.go();
    const results = await Promise.all(children.map((child) => child.done));
    for (const result of results) expect(result).toMatchObject({ code: 0, stderr: '' });
    const db = new Database(path, { readonly: true });
    expect(readUserVersion(db)).toBe(1);
    expect(db.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(1);
    db.close();
  }, 20_000);
});

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A separate process that migrates `path` with one slow step once told to go. */
function migrateInChild(path: string, holdMs: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src-main/engine/store/testing/migrate-in-child.ts', path, String(holdMs)],
    { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const ready = new Promise<void>((resolve) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.startsWith('ready\n')) resolve();
    });
  });
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, stderr })),
  );
  return { ready, done, go: () => child.stdin.write('go\n') };
}
