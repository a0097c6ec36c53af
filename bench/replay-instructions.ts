// Manual: the instructions a first sync's storing executes, counted by Valgrind's callgrind, to
// compare two builds on a machine whose speed drifts. Here the CPU time of the same replay
// (replay-first-sync.ts) ranged from 8.7 to 13.2 s within the hour, which hides any change
// smaller than a third; the instruction count of the same build repeats to within 0.1 %.
// It runs replay-first-sync.ts twice under callgrind, side by side: once storing one run, once
// only preparing the pages (zero runs), and prints the difference: the instructions of parsing,
// validating and storing the sessions, tags, sweep, indexes and statistics of one first sync.
// V8's JIT runs under Valgrind too, so the figures are for comparing builds, not for seconds.
//
// npx tsx bench/replay-instructions.ts [sessions = 20000]   (about 5 minutes at 20,000 on two cores)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const sessions = Number(process.argv[2] ?? 20_000);
if (!Number.isInteger(sessions) || sessions < 100) {
  throw new Error(
    `The number of sessions must be a whole number of at least 100, not "${process.argv[2]}".`,
  );
}
if (spawnSync('valgrind', ['--version']).status !== 0) {
  throw new Error('Valgrind is not installed here (Debian: apt install valgrind).');
}

const dir = mkdtempSync(join(tmpdir(), 'session-desk-instructions-'));
const replay = resolve(import.meta.dirname, 'replay-first-sync.ts');

/** The instructions callgrind counted for the replay with `runs` runs. */
function countInstructions(runs: number): Promise<number> {
  const out = join(dir, `callgrind-${runs}.out`);
  const args = [
    '--tool=callgrind',
    // V8 writes the code it runs: Valgrind must see every such write.
    '--smc-check=all-non-file',
    `--callgrind-out-file=${out}`,
    process.execPath,
    '--import',
    'tsx',
    replay,
    String(sessions),
    String(runs),
  ];
  return new Promise((resolveCount, reject) => {
    const child = spawn('valgrind', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const summary = /^summary: (\d+)$/m.exec(code === 0 ? readFileSync(out, 'utf8') : '');
      if (summary?.[1]) resolveCount(Number(summary[1]));
      else
        reject(
          new Error(`The replay under Valgrind failed (exit ${code}):\n${stderr.slice(-2000)}`),
        );
    });
  });
}

try {
  const [stored, prepared] = await Promise.all([countInstructions(1), countInstructions(0)]);
  const storing = stored - prepared;
  const format = (n: number) => `${(n / 1e9).toFixed(3)} G`;
  console.log(
    `Instructions of a first sync of ${sessions.toLocaleString('en')} sessions, replayed`,
  );
  console.log(`  whole replay ${format(stored)}, preparing only ${format(prepared)}`);
  console.log(
    `  storing ${format(storing)}: ${Math.round(storing / sessions).toLocaleString('en')} per session`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
