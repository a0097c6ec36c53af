import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResult } from '../../src-shared/contract/app-error';
import type { Dispatch } from '../engine/contract/dispatcher';
import { startWebHost, type WebHost } from './web-host';

const calls: { channel: unknown; input: unknown }[] = [];
const dispatch: Dispatch = (channel, input) => {
  calls.push({ channel, input });
  return Promise.resolve({ ok: true, value: { echoed: channel } });
};

let host: WebHost;
let port: number;

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'web-host-test-'));
  writeFileSync(join(rendererDir, 'index.html'), '<html><head></head><body>app</body></html>');
  writeFileSync(join(rendererDir, 'app.js'), 'console.log(1)');
  host = await startWebHost({ dispatch, rendererDir, token: 'test-token' });
  port = Number(new URL(host.url).port);
});

afterAll(() => host.close());

/** A raw request, so the Host and Origin headers are exactly what a test says. */
function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: { host: `127.0.0.1:${port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const auth = { authorization: 'Bearer test-token', 'content-type': 'application/json' };

describe('the web host', () => {
  it('listens on the loopback address only', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('gives the page its token and a strict content security policy', async () => {
    const page = await send('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<meta name="session-desk-token" content="test-token" />');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('dispatches a call with the token to the contract', async () => {
    const response = await send('/api/call/sync.status', {
      method: 'POST',
      headers: auth,
      body: '{}',
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body) as CallResult<unknown>).toEqual({
      ok: true,
      value: { echoed: 'sync.status' },
    });
  });

  it('refuses a call without the token, before it reaches the engine', async () => {
    const before = calls.length;
    const response = await send('/api/call/sync.status', { method: 'POST', body: '{}' });
    expect(response.status).toBe(401);
    expect(calls.length).toBe(before);
  });

  it('refuses a call with a wrong token of the same length', async () => {
    const response = await send('/api/call/sync.status', {
      method: 'POST',
      headers: { authorization: 'Bearer test-tokeX' },
    });
    expect(response.status).toBe(401);
  });

  it('refuses a request whose Host names another server (DNS rebinding)', async () => {
    const response = await send('/', { headers: { host: 'evil.example:80' } });
    expect(response.status).toBe(421);
  });

  it('refuses a call from another origin even with the token', async () => {
    const response = await send('/api/call/sync.status', {
      method: 'POST',
      headers: { ...auth, origin: 'https://evil.example' },
      body: '{}',
    });
    expect(response.status).toBe(403);
  });

  it('accepts the same-origin Origin header a browser sends', async () => {
    const response = await send('/api/call/sync.status', {
      method: 'POST',
      headers: { ...auth, origin: `http://127.0.0.1:${port}` },
      body: '{}',
    });
    expect(response.status).toBe(200);
  });

  it('says in a sentence when the body is not JSON', async () => {
    const response = await send('/api/call/sync.status', {
      method: 'POST',
      headers: auth,
      body: '{not json',
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'The request body is not valid JSON.' },
    });
  });

  it('serves the built assets', async () => {
    const asset = await send('/app.js');
    expect(asset.status).toBe(200);
    expect(asset.body).toBe('console.log(1)');
  });

  it('streams events to a subscriber holding the token, and not to one without', async () => {
    expect((await send('/api/events')).status).toBe(401);
    const received = new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/events?token=test-token',
          headers: { host: `127.0.0.1:${port}` },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString();
            if (text.includes('hello')) host.publish('sync.state', { running: true });
            if (text.includes('sync.state')) {
              req.destroy();
              resolve(text);
            }
          });
        },
      );
      req.on('error', (error) => (error.message.includes('aborted') ? undefined : reject(error)));
      req.end();
    });
    expect(await received).toContain('event: sync.state\ndata: {"running":true}');
  });
});
