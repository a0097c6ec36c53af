import { cpus, freemem, loadavg, totalmem } from 'node:os';
import Database from 'better-sqlite3';
import { sqliteCliVersion } from './sqlite-cli';

/** The machine a run was measured on: figures mean little without it. */
export function describeMachine(): { lines: string[] } {
  const cores = cpus();
  const db = new Database(':memory:');
  const engineSqlite = db.prepare('SELECT sqlite_version()').pluck().get() as string;
  db.close();
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
  return {
    lines: [
      `CPU: ${cores.length} × ${cores[0]?.model.trim() ?? 'unknown'}`,
      `memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} GiB free)`,
      `load average at start: ${load}`,
      `Node ${process.version}; engine SQLite ${engineSqlite} (better-sqlite3); baseline ${sqliteCliVersion() ?? 'sqlite3 missing'} (sqlite3 command line)`,
    ],
  };
}

/** The load average now, for a figure's note. */
export function loadNow(): string {
  return loadavg()
    .map((value) => value.toFixed(1))
    .join('/');
}
