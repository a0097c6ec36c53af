import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// For tests: another program (a process of its own, as a CLI sync would be) holding a cache's
// writer lock, through ./hold-writer-lock.ts.

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** Another process holding the writer lock of `cachePath` for `holdMs` (0: until killed). */
export async function holdInChild(cachePath: string, holdMs: number) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src-main/engine/store/testing/hold-writer-lock.ts',
      cachePath,
      `${holdMs}`,
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('close', (_, signal) => resolve(signal)),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (chunk.includes('locked')) resolve();
    });
    child.once('close', () => reject(new Error('the helper ended before taking the lock')));
  });
  return { child, exited };
}
