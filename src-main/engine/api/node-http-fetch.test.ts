import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeHttpFetch } from './node-http-fetch';
import { runModuleScript } from './testing/run-module-script';

// The Node hosts' HTTP transport against a real server on 127.0.0.1: what Node's fetch gave the
// client for free (compressed answers, keep-alive that holds no process open, cancellation)
// must hold for it too. The client's own behaviour over both transports is in
// opencx-client.test.ts.

const BODY = JSON.stringify({ data: [{ id: 'a', note: 'café ☕' }], has_next: false });

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function serve(handle: (headers: IncomingHttpHeaders, res: ServerResponse) => void) {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', () => handle(req.headers, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const GET = { method: 'GET', headers: {}, redirect: 'manual' } as const;

describe("the Node hosts' HTTP transport", () => {
  it.each([
    ['gzip', gzipSync],
    ['x-gzip', gzipSync],
    ['br', brotliCompressSync],
    ['deflate', deflateSync],
    ['deflate', deflateRawSync],
  ] as const)(
    'asks for compressed answers and reads a %s body as its text',
    async (coding, encode) => {
      const server = await serve((_headers, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': coding });
        res.end(encode(Buffer.from(BODY)));
      });
      const answer = await nodeHttpFetch(server.url, GET);
      expect(await answer.text()).toBe(BODY);
      expect(server.seen[0]!['accept-encoding']).toBe('gzip, deflate, br');
    },
  );

  it('undoes codings applied one after the other, last first', async () => {
    const server = await serve((_headers, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip, br' });
      res.end(brotliCompressSync(gzipSync(Buffer.from(BODY))));
    });
    expect(await (await nodeHttpFetch(server.url, GET)).text()).toBe(BODY);
  });

  it('leaves a body in a coding it cannot undo as it was sent', async () => {
    const server = await serve((_headers, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip, snappy' });
      res.end('not really snappy');
    });
    expect(await (await nodeHttpFetch(server.url, GET)).text()).toBe('not really snappy');
  });

  it('drops a leading byte-order mark, as fetch does, so the JSON still parses', async () => {
    const server = await serve((_headers, res) => res.end(`\uFEFF${BODY}`));
    expect(JSON.parse(await (await nodeHttpFetch(server.url, GET)).text())).toEqual(
      JSON.parse(BODY),
    );
  });

  it('reads headers in any case and joins a repeated one', async () => {
    const server = await serve((_headers, res) => {
      res.setHeader('X-RateLimit-Remaining', '7');
      res.setHeader('Warning', ['199 - "one"', '199 - "two"']);
      res.end('{}');
    });
    const answer = await nodeHttpFetch(server.url, GET);
    expect(answer.headers.get('x-ratelimit-remaining')).toBe('7');
    expect(answer.headers.get('X-RATELIMIT-REMAINING')).toBe('7');
    expect(answer.headers.get('warning')).toBe('199 - "one", 199 - "two"');
    expect(answer.headers.get('retry-after')).toBeNull();
    expect([answer.status, answer.ok]).toEqual([200, true]);
    await answer.text();
  });

  it('sends the method, headers and body it is given', async () => {
    const server = await serve((_headers, res) => res.end('{}'));
    const answer = await nodeHttpFetch(server.url, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: '{"page":1}',
      redirect: 'manual',
    });
    expect(await answer.text()).toBe('{}');
    expect(server.seen[0]).toMatchObject({
      authorization: 'Bearer k',
      'content-type': 'application/json',
      'content-length': '10',
    });
  });

  it('answers a redirect as it is, without asking where it points', async () => {
    const target = await serve((_headers, res) => res.end('{}'));
    const server = await serve((_headers, res) => {
      res.writeHead(307, { location: `${target.url}/elsewhere` });
      res.end();
    });
    const answer = await nodeHttpFetch(server.url, GET);
    expect([answer.status, answer.ok]).toEqual([307, false]);
    await answer.text();
    expect(target.seen).toEqual([]);
  });

  it('stops reading a body when the signal aborts mid-body', async () => {
    const server = await serve((_headers, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":[');
    });
    const controller = new AbortController();
    const answer = await nodeHttpFetch(server.url, { ...GET, signal: controller.signal });
    const reading = answer.text();
    controller.abort(new Error('timed out'));
    await expect(reading).rejects.toThrow();
  });

  it('refuses at once a request whose signal has already aborted', async () => {
    const server = await serve((_headers, res) => res.end('{}'));
    const controller = new AbortController();
    controller.abort(new Error('cancelled before sending'));
    await expect(nodeHttpFetch(server.url, { ...GET, signal: controller.signal })).rejects.toThrow(
      'cancelled before sending',
    );
    expect(server.seen).toEqual([]);
  });

  it('rejects a body cut off by the server, so the client can retry it', async () => {
    const server = await serve((_headers, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('{"data":');
      setTimeout(() => res.destroy(), 20);
    });
    const answer = await nodeHttpFetch(server.url, GET);
    await expect(answer.text()).rejects.toThrow();
  });

  it('keeps no process alive once its requests are answered', async () => {
    // The server keeps the connection open (keep-alive) for a minute: only undici unref'ing the
    // idle socket lets the child exit.
    const server = await serve((_headers, res) => {
      res.setHeader('keep-alive', 'timeout=60');
      res.end('{"ok":true}');
    });
    const transportModule = fileURLToPath(new URL('./node-http-fetch.ts', import.meta.url));
    const script = `
      const { nodeHttpFetch } = await import(${JSON.stringify(transportModule)});
      const answer = await nodeHttpFetch(${JSON.stringify(server.url)}, { method: 'GET', headers: {}, redirect: 'manual' });
      console.log(await answer.text());
    `;
    const { exit, stdout, stderr } = await runModuleScript(script);
    expect(stderr).toBe('');
    expect(exit).toBe(0);
    expect(stdout.trim()).toBe('{"ok":true}');
  }, 40_000);
});
