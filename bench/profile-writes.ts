// Manual: where a sync's cache writes go, by taking parts of the schema away.
// npx tsx bench/profile-writes.ts [sessions]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeOpencx } from '../fake-opencx/server';
import type Database from 'better-sqlite3';
import { openCacheStore } from '../src-main/engine/store/cache-store';

const count = Number(process.argv[2] ?? 20_000);
const fake = await startFakeOpencx({ sessions: count, rateLimit: false });
const truth = fake.truth();
await fake.close();
const sessions = truth.sessions.map((t) => t.session);
const dir = mkdtempSync(join(tmpdir(), 'session-desk-writes-'));

function run(name: string, prepare: (db: Database.Database) => void) {
  const path = join(dir, `${name}.db`);
  const { store } = openCacheStore(path);
  prepare(store.reader as unknown as Database.Database);
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < sessions.length; i += 100) {
    store.transaction(() => store.upsertSessions(sessions.slice(i, i + 100), truth.now));
  }
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  store.close();
  console.log(
    `${name.padEnd(30)} wall ${((ms / count) * 1000).toFixed(0).padStart(4)} µs/session  cpu ${((cpuMs / count) * 1000).toFixed(0).padStart(4)} µs/session`,
  );
}
const drop = (db: Database.Database, type: string, like: string) => {
  for (const name of db
    .prepare<[string, string], string>(
      'SELECT name FROM sqlite_schema WHERE type = ? AND name LIKE ?',
    )
    .pluck()
    .all(type, like))
    db.exec(`DROP ${type} ${name}`);
};
run('warm-up', () => undefined);
run('as is', () => undefined);
run('wal_autocheckpoint 4000', (db) => db.pragma('wal_autocheckpoint = 4000'));
run('as is', () => undefined);
run('wal_autocheckpoint 4000', (db) => db.pragma('wal_autocheckpoint = 4000'));
run('no FTS triggers', (db) => drop(db, 'trigger', '%fts%'));
run('no count triggers', (db) => drop(db, 'trigger', 'sessions_%count%'));
run('nothing but tables', (db) => {
  drop(db, 'trigger', '%');
  drop(db, 'index', 'sessions_%');
  drop(db, 'index', 'session_custom_data_by_value');
});
rmSync(dir, { recursive: true, force: true });
