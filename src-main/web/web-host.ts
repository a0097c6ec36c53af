import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Dispatch } from '../engine/contract/dispatcher';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/security/content-security-policy';

export interface WebHostOptions {
  dispatch: Dispatch;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  /** Given in tests; otherwise a fresh random token each start. */
  token?: string;
}

export interface WebHost {
  url: string;
  token: string;
  publish(event: string, payload: unknown): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1_000_000;

/**
 * The contract over loopback HTTP, for the e2e suite and machines without Electron. Only
 * 127.0.0.1 is bound; every call needs the per-start token (the served page carries it), and the
 * Host and Origin headers must name this very server, which defeats DNS rebinding and CSRF.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const subscribers = new Set<(event: string, payload: unknown) => void>();
  const indexTemplate = await readFile(join(options.rendererDir, 'index.html'), 'utf8');
  let origins: Set<string> = new Set();

  const app = new Hono();

  app.use('*', async (c, next) => {
    const host = c.req.header('host') ?? '';
    if (!origins.has(`http://${host}`)) return c.text('Unknown host.', 421);
    const origin = c.req.header('origin');
    if (origin !== undefined && !origins.has(origin)) return c.text('Cross-origin refused.', 403);
    await next();
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cache-Control', 'no-store');
  });

  app.post('/api/call/:channel', async (c) => {
    if (!hasToken(c.req.header('authorization')?.replace(/^Bearer /, ''), token)) {
      return c.json(
        { ok: false, error: { code: 'forbidden_sender', message: 'Missing or wrong token.' } },
        401,
      );
    }
    const body = await readJsonBody(c);
    if (!body.ok) return c.json(body, 400);
    return c.json(await options.dispatch(c.req.param('channel'), body.value));
  });

  app.get('/api/events', (c) => {
    if (!hasToken(c.req.query('token'), token)) return c.text('Missing or wrong token.', 401);
    return streamSSE(c, async (stream) => {
      const send = (event: string, payload: unknown) =>
        void stream.writeSSE({ event, data: JSON.stringify(payload) });
      subscribers.add(send);
      stream.onAbort(() => {
        subscribers.delete(send);
      });
      await stream.writeSSE({ event: 'hello', data: '{}' });
      while (!stream.aborted)
        await stream.sleep(15_000).then(() => stream.write(': keep-alive\n\n'));
    });
  });

  const page = (c: Context) =>
    c.html(
      indexTemplate.replace(
        '</head>',
        `<meta name="session-desk-token" content="${token}" /></head>`,
      ),
    );
  app.get('/', page);
  app.get('/index.html', page);
  app.use('/*', serveStatic({ root: options.rendererDir }));

  const server = await listen(app, options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  origins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  return {
    url: `http://127.0.0.1:${port}/`,
    token,
    publish(event, payload) {
      for (const send of subscribers) send(event, payload);
    },
    close: () =>
      new Promise((resolve) => {
        subscribers.clear();
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}

function hasToken(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readJsonBody(
  c: Context,
): Promise<
  { ok: true; value: unknown } | { ok: false; error: { code: 'invalid_input'; message: string } }
> {
  // Refused before reading when the client says it is too large; counted in bytes otherwise.
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) {
    return {
      ok: false,
      error: { code: 'invalid_input', message: 'The request body is too large.' },
    };
  }
  const text = await c.req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    return {
      ok: false,
      error: { code: 'invalid_input', message: 'The request body is too large.' },
    };
  }
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return {
      ok: false,
      error: { code: 'invalid_input', message: 'The request body is not valid JSON.' },
    };
  }
}

function listen(app: Hono, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, () => resolve(server));
    server.once('error', reject);
  });
}
