// Manual: where a sync's cache writes go, by taking parts of the schema away.
// npx tsx bench/profile-writes.ts [sessions]
//
// CPU and wall time per session written, and WAL frames per session (the log is not
// checkpointed during a run, so its size counts every page the commits wrote: a figure that does
// not depend on the machine's load). Findings so far (issue 13): a statement that fires a trigger
// or has RETURNING runs under a statement journal that copies every page it touches aside
// (migration 007 took the per-row triggers away); one transaction per page writes ~4 WAL frames
// per session, ten pages ~1. Pages of 100 sessions, committed one or ten per transaction
// as the sync does (sync/page-walks.ts). "nothing but tables" is the floor of SQLite writes for
// this data: the same rows without any index, trigger or full-text index.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeOpencx } from '../fake-opencx/server';
import type Database from 'better-sqlite3';
import { openCacheStore } from '../src-main/engine/store/cache-store';

const count = Number(process.argv[2] ?? 20_000);
const fake = await startFakeOpencx({ sessions: count, rateLimit: false });
const truth = fake.truth();
await fake.close();
// In the order a full sync brings them.
const sessions = truth.sessions
  .map((t) => t.session)
  .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
const dir = mkdtempSync(join(tmpdir(), 'session-desk-writes-'));

function run(name: string, pagesPerCommit: number, prepare: (db: Database.Database) => void) {
  const path = join(dir, `${name.replace(/\W+/g, '-')}.db`);
  const { store } = openCacheStore(path);
  const db = store.reader as unknown as Database.Database;
  db.pragma('wal_autocheckpoint = 0');
  prepare(db);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const step = 100 * pagesPerCommit;
  for (let i = 0; i < sessions.length; i += step) {
    store.transaction(() => {
      for (let j = i; j < Math.min(i + step, sessions.length); j += 100) {
        store.upsertSessions(sessions.slice(j, j + 100), truth.now);
      }
      store.setSyncState('profile', { at: i });
    });
  }
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const frames =
    statSync(`${path}-wal`).size / (db.pragma('page_size', { simple: true }) as number);
  store.close();
  for (const suffix of ['', '-wal', '-shm', '.lock']) rmSync(path + suffix, { force: true });
  const per = (total: number) => ((total / count) * 1000).toFixed(0).padStart(4);
  console.log(
    `${name.padEnd(36)} wall ${per(ms)} µs/session  cpu ${per((used.user + used.system) / 1000)} µs/session  WAL ${(frames / count).toFixed(1).padStart(4)} frames/session`,
  );
}
const drop = (db: Database.Database, type: string, like: string) => {
  for (const name of db
    .prepare<[string, string], string>(
      'SELECT name FROM sqlite_schema WHERE type = ? AND name LIKE ? AND sql IS NOT NULL',
    )
    .pluck()
    .all(type, like))
    db.exec(`DROP ${type} ${name}`);
};
const nothing = () => undefined;
run('warm-up', 10, nothing);
for (let round = 0; round < 2; round++) {
  run('one page per transaction', 1, nothing);
  run('ten pages per transaction', 10, nothing);
  run('ten, no sessions_* indexes', 10, (db) => drop(db, 'index', 'sessions_%'));
  run('nothing but tables, ten', 10, (db) => {
    drop(db, 'trigger', '%');
    drop(db, 'index', '%');
    // A plain table in its place: the text is still written, but nothing is tokenised.
    db.exec(`DROP TABLE session_fts;
      CREATE TABLE session_fts (contact_name, contact_email, contact_phone, handoff_summary,
        ticket_number, custom_values, transcript)`);
  });
}
rmSync(dir, { recursive: true, force: true });
