import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// The installed command, which runs the built CLI (scripts/fresh-build.ts rebuilds it when stale).
const ENTRY = 'bin/session-desk.js';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts the CLI as a user would (`session-desk …`, the built bundle), with exactly the
 * environment given (plus PATH and HOME), stdout and stderr piped (so neither is a TTY), as
 * another user if `as` says so (a test running as root needs one that permissions bind).
 */
export function startCli(
  args: readonly string[],
  env: Record<string, string> = {},
  as: { uid?: number; gid?: number } = {},
): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [ENTRY, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...as,
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function runCli(args: readonly string[], env: Record<string, string> = {}) {
  return startCli(args, env).done;
}
