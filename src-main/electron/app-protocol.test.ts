import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/security/content-security-policy';
import { createAppRequestHandler, resolveRequestPath } from './app-protocol';

let root: string;
let handler: (request: Request) => Promise<Response>;

beforeAll(async () => {
  const base = await mkdtemp(join(tmpdir(), 'app-protocol-'));
  root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><div id="app"></div>');
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(base, 'secret.txt'), 'outside the renderer folder');
  handler = createAppRequestHandler(root);
});

describe('the app:// request handler', () => {
  it('serves index.html for the bare origin and for /index.html', async () => {
    for (const url of ['app://session-desk/', 'app://session-desk/index.html']) {
      const response = await handler(new Request(url));
      expect(response.status, url).toBe(200);
      expect(await response.text()).toContain('id="app"');
    }
  });

  it('names the content type and puts the CSP and nosniff on every response', async () => {
    const found = await handler(new Request('app://session-desk/assets/app.js'));
    expect(found.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const missing = await handler(new Request('app://session-desk/assets/none.js'));
    expect(missing.status).toBe(404);
    for (const response of [found, missing]) {
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('answers only GET and HEAD', async () => {
    expect(
      (await handler(new Request('app://session-desk/index.html', { method: 'POST', body: 'x' })))
        .status,
    ).toBe(405);
    const head = await handler(new Request('app://session-desk/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('resolveRequestPath', () => {
  it.each([
    'app://session-desk/..%2Fsecret.txt',
    'app://session-desk/assets/..%2F..%2Fsecret.txt',
    'app://session-desk/..%5Csecret.txt',
    'app://session-desk/%2E%2E%2Fsecret.txt',
    'app://session-desk/index.html%00.png',
  ])('refuses %s, which would leave the renderer folder', (url) => {
    expect(resolveRequestPath(root, url)).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses other hosts and schemes, and broken percent-encoding', () => {
    expect(resolveRequestPath(root, 'app://elsewhere/index.html')).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(resolveRequestPath(root, 'file:///index.html')).toMatchObject({
      ok: false,
      status: 404,
    });
    expect(resolveRequestPath(root, 'app://session-desk/%E0%A4%A')).toMatchObject({
      ok: false,
      status: 400,
    });
  });

  it('maps a path inside the folder to its file', () => {
    expect(resolveRequestPath(root, 'app://session-desk/assets/app.js')).toEqual({
      ok: true,
      file: join(root, 'assets', 'app.js'),
    });
  });
});
