import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

// The floor for every query benchmark: the same SQL, with the same bound values, run by the
// `sqlite3` command-line tool (Debian's package) on the same file, driven over a pipe. Each
// statement is one round trip: its text, then a marker line; the time is from writing the
// statement to reading the marker, so it includes sqlite3 printing every row as text. Values are
// bound with `.param set ?N` in a separate, untimed round trip.

const MARKER = '@@bench-end@@';

/** A value bound to `?N` the way the engine binds it. */
export type CliValue = string | number | bigint | null;

export interface CliRun {
  ms: number;
  /** Output lines (rows), without the marker. */
  lines: string[];
}

export function sqliteCliVersion(): string | null {
  const result = spawnSync('sqlite3', ['--version'], { encoding: 'utf8' });
  if (result.status !== 0) return null;
  return result.stdout.trim().split(' ').slice(0, 2).join(' ');
}

/** sqlite3 answered with an error message instead of rows. */
export class SqliteCliError extends Error {
  constructor(
    message: string,
    /** sqlite3's own line. */
    readonly said: string,
  ) {
    super(message);
    this.name = 'SqliteCliError';
  }
}

export class SqliteCli {
  private buffer = '';
  private waiting: ((text: string) => void) | null = null;
  private failed: Error | null = null;

  private constructor(private readonly child: ChildProcessByStdio<Writable, Readable, null>) {
    child.stdin.on('error', (error) => (this.failed = error));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      this.buffer += chunk;
      const end = this.buffer.lastIndexOf(`${MARKER}\n`);
      if (end < 0 || !this.waiting) return;
      const text = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + MARKER.length + 1);
      const resolve = this.waiting;
      this.waiting = null;
      resolve(text);
    });
    child.on('error', (error) => (this.failed = error));
  }

  /**
   * sqlite3 on `path`, read only, with the pragmas the engine's connection has (page cache
   * size in KiB), so both read through a cache of the same size.
   */
  static open(path: string, cacheSizeKiB: number): SqliteCli {
    // Errors on stdout, so that they arrive in order with the rows of the statement that failed.
    const child = spawn(
      'sh',
      [
        '-c',
        'exec sqlite3 -batch -readonly -cmd "PRAGMA cache_size = -$1" "$2" 2>&1',
        'sqlite3',
        String(Math.trunc(cacheSizeKiB)),
        path,
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    return new SqliteCli(child);
  }

  /** Runs one statement with `params` bound to ?1, ?2, …; the time excludes the binding. */
  async run(sql: string, params: readonly CliValue[] = []): Promise<CliRun> {
    const bound = await this.roundTrip(
      ['.param clear', ...params.map((value, i) => `.param set ?${i + 1} ${literal(value)}`)].join(
        '\n',
      ),
    );
    if (bound !== '') throw new Error(`sqlite3 refused the parameters: ${bound.trim()}`);
    const started = performance.now();
    const text = await this.roundTrip(`${oneLine(sql)};`);
    const ms = performance.now() - started;
    const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
    const error = lines.find((line) => /^(Parse error|Runtime error|Error)\b/.test(line));
    if (error) {
      throw new SqliteCliError(`sqlite3 failed on ${oneLine(sql).slice(0, 120)}…: ${error}`, error);
    }
    return { ms, lines };
  }

  /** Runs a dot-command or statement (not timed). */
  async command(text: string): Promise<string> {
    return this.roundTrip(text);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.stdin.end('.quit\n');
    });
  }

  private roundTrip(text: string): Promise<string> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.child.stdin.write(`${text}\nSELECT '${MARKER}';\n`, (error) => {
        if (error) reject(error);
      });
    });
  }
}

/** The value as an SQL literal for `.param set` (text quoted, numbers as written). */
function literal(value: CliValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return `'${value.replace(/'/g, "''")}'`;
}

/** The shell reads statements line by line: one line per statement keeps its echo-free mode simple. */
function oneLine(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim();
}
