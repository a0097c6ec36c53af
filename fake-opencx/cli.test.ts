import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, 'cli.ts');

function run(args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split('\n')[0] ?? '';
}

describe('fake-opencx CLI', () => {
  it('prints where it listens, serves the API there, and exits 0 on SIGTERM', async () => {
    const child = run(['--port', '0', '--seed', '2', '--sessions', '40', '--token', 'ocx_cli']);
    const line = await firstLine(child.stdout);
    const match =
      /^fake-opencx listening on (http:\/\/127\.0\.0\.1:\d+) \(40 sessions, token ocx_cli\)$/.exec(
        line,
      );
    expect(match, line).not.toBeNull();
    const response = await fetch(`${match?.[1]}/teams`, {
      headers: { authorization: 'Bearer ocx_cli' },
    });
    expect(response.status).toBe(200);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('exits 2 with one line on stderr for a bad argument', async () => {
    const child = run(['--sessions', 'many']);
    const line = await firstLine(child.stderr);
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(line).toBe('fake-opencx: --sessions must be a whole number from 0 to 1000000.');
  });
});
