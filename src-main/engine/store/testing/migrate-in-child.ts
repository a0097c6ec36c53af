// A test helper run as its own process: `node --import tsx migrate-in-child.ts FILE HOLD_MS`.
// Opens FILE, prints "ready", and on the first line of stdin migrates it with one step that logs
// its run into a table and then holds its transaction for HOLD_MS, so that a second process
// started at the same moment reads the version before the first one commits.
import Database from 'better-sqlite3';
import { migrate, type Migration } from '../migrate';

const [path, holdMs] = process.argv.slice(2);
if (!path || !holdMs) throw new Error('usage: migrate-in-child.ts FILE HOLD_MS');

const step: Migration = {
  version: 1,
  name: 'slow',
  up(db) {
    db.exec('CREATE TABLE IF NOT EXISTS runs (pid INTEGER NOT NULL)');
    db.prepare('INSERT INTO runs (pid) VALUES (?)').run(process.pid);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(holdMs));
  },
};

const db = new Database(path, { timeout: 20_000 });
process.stdout.write('ready\n');
process.stdin.once('data', () => {
  try {
    const report = migrate(db, [step], path);
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  } finally {
    db.close();
    process.stdin.destroy();
  }
});
