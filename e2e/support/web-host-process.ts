import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export interface WebHostProcess {
  url: string;
  dataDir: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

const root = resolve(import.meta.dirname, '../..');

/** The built web host (out/main/web.js) as a user runs it, against the given OpenCX. */
export async function startWebHostProcess(options: {
  /** Opens the page on this account (token from the environment); omit for a first-time user. */
  account?: { baseUrl: string; token: string };
  extraArgs?: string[];
  /**
   * A data folder to start on (a restart: accounts, user database and caches as a previous host
   * left them); the caller owns it and removes it. Omit for a fresh one, removed on stop.
   */
  dataDir?: string;
}): Promise<WebHostProcess> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'session-desk-e2e-'));
  const child = spawn(
    process.execPath,
    ['out/main/web.js', '--port', '0', '--data-dir', dataDir, ...(options.extraArgs ?? [])],
    {
      cwd: root,
      env: {
        ...withoutAccountVariables(process.env),
        ...(options.account
          ? { OPENCX_BASE_URL: options.account.baseUrl, OPENCX_API_TOKEN: options.account.token }
          : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    output += chunk.toString();
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = line.match(/at (http:\/\/\S+)/);
      if (match?.[1]) resolveUrl(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`web host exited (${code}): ${stderr}`)));
  });
  return {
    url,
    dataDir,
    output: () => output,
    stop: async () => {
      await stopChild(child);
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    child.once('exit', () => resolveStop());
    child.kill('SIGTERM');
  });
}

function withoutAccountVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const rest = { ...env };
  delete rest.OPENCX_BASE_URL;
  delete rest.OPENCX_API_TOKEN;
  return rest;
}
