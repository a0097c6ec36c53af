import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallResult, ErrorCode } from '../../src-shared/contract/app-error';
import type { Dispatch } from '../engine/contract/dispatcher';
import { startWebHost, type WebHost } from './web-host';

const calls: { channel: unknown; input: unknown }[] = [];
/** Channels the stub engine refuses, with the code it refuses them with. */
const refusals: Record<string, ErrorCode> = {
  'sessions.list': 'invalid_input',
  'sessions.get': 'not_found',
  'sync.run': 'busy',
  'accounts.add': 'auth_rejected',
};
const dispatch: Dispatch = (channel, input) => {
  calls.push({ channel, input });
  const code = refusals[String(channel)];
  if (code) return Promise.resolve({ ok: false, error: { code, message: `Refused: ${code}.` } });
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

  it('refuses the bare token without the Bearer scheme, and any other scheme', async () => {
    const before = calls.length;
    for (const authorization of [
      'test-token',
      'Basic test-token',
      'bearer test-token',
      'Bearer  test-token',
    ]) {
      const response = await send('/api/call/sync.status', {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(response.status, authorization).toBe(401);
    }
    expect(calls.length).toBe(before);
  });

  it('answers a refused call with the HTTP status of its error code and the refusal as body', async () => {
    const expected: Record<string, number> = {
      'sessions.list': 400,
      'sessions.get': 404,
      'sync.run': 409,
      'accounts.add': 502,
    };
    for (const [channel, status] of Object.entries(expected)) {
      const response = await send(`/api/call/${channel}`, {
        method: 'POST',
        headers: auth,
        body: '{}',
      });
      expect(response.status, channel).toBe(status);
      expect(JSON.parse(response.body)).toMatchObject({
        ok: false,
        error: { code: refusals[channel] },
      });
    }
  });

  it('refuses JSON nested thousands of levels deep with 400 and a sentence, before the engine', async () => {
    const before = calls.length;
    const response = await send('/api/call/sessions.facets', {
      method: 'POST',
      headers: auth,
      body: `{"filter":{"tags":${'['.repeat(4_000)}${']'.repeat(4_000)}}}`,
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message:
          'The input for sessions.facets is nested more than 32 levels deep; Session Desk accepts at most 32.',
      },
    });
    expect(calls.length).toBe(before);
  });

  it('refuses a body declared larger than 1 MB with 413 and a sentence', async () => {
    const response = await send('/api/call/sync.status', {
      method: 'POST',
      headers: auth,
      body: `{"pad":"${'x'.repeat(1_100_000)}"}`,
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: expect.stringContaining('larger than 1000000 bytes'),
      },
    });
  });

  it('counts a chunked body as it arrives: 413 after 1 MB of a 64 MB stream, and reads no further', async () => {
    const before = calls.length;
    const total = 64 * 1024 * 1024;
    const chunk = new Uint8Array(64 * 1024).fill(0x20); // JSON whitespace: only the size is wrong
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= total) return controller.close();
        pulled += chunk.length;
        controller.enqueue(chunk);
      },
    });
    // A stream body has no Content-Length: it goes out chunked, as in the 700 MB report.
    const response = await fetch(`${host.url}api/call/sync.status`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-token' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message:
          'The request body is larger than 1000000 bytes; Session Desk accepts at most 1000000.',
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The host hung up: what the sender handed over is the 1 MB it read plus socket buffers.
    expect(pulled).toBeLessThan(16 * 1024 * 1024);
    expect(calls.length).toBe(before);
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
            if (text.includes('hello'))
              host.publish('connectivity', { online: true, last_reached_at: null });
            if (text.includes('event: connectivity')) {
              req.destroy();
              resolve(text);
            }
          });
        },
      );
      req.on('error', (error) => (error.message.includes('aborted') ? undefined : reject(error)));
      req.end();
    });
    expect(await received).toContain(
      'event: connectivity\ndata: {"online":true,"last_reached_at":null}',
    );
  });
});
