import { spawn } from 'node:child_process';

export interface ScriptRun {
  /** The exit code, or 'still running' when the script had to be killed. */
  exit: number | 'still running';
  stdout: string;
  stderr: string;
}

/**
 * Runs `script` (an ES module, TypeScript imports allowed) in a child Node process of its own,
 * so a test can see whether something keeps a process alive: the child gets `giveUpMs` to exit
 * by itself before it is killed.
 */
export function runModuleScript(script: string, giveUpMs = 30_000): Promise<ScriptRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => {
    const stuck = setTimeout(() => {
      child.kill();
      resolve({ exit: 'still running', stdout, stderr });
    }, giveUpMs);
    child.once('close', (code) => {
      clearTimeout(stuck);
      resolve({ exit: code ?? -1, stdout, stderr });
    });
  });
}
