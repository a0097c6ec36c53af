// A test helper run as its own process: `node --import tsx hold-writer-lock.ts CACHE HOLD_MS`.
// Takes the writer lock of CACHE, prints "locked", holds it HOLD_MS (0: until killed), releases.
import { acquireWriterLock } from '../writer-lock';

const [cachePath, holdMs] = process.argv.slice(2);
if (!cachePath || holdMs === undefined) throw new Error('usage: hold-writer-lock.ts CACHE HOLD_MS');

const lock = acquireWriterLock(cachePath, { program: 'the lock test helper', waitMs: 0 });
process.stdout.write('locked\n');
if (Number(holdMs) > 0) {
  setTimeout(() => lock.release(), Number(holdMs));
} else {
  setInterval(() => {}, 60_000);
}
