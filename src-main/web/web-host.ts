import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { streamSSE } from 'hono/streaming';
import type { AppErrorShape, CallResult, ErrorCode } from '../../src-shared/contract/app-error';
import type { EventSink } from '../../src-shared/contract/events';
import { inputLimitRefusal } from '../../src-shared/contract/input-limits';
import type { EventName } from '../../src-shared/contract/names';
import type { Dispatch } from '../engine/contract/dispatcher';
import { addExportDownload, MAX_EXPORT_BODY_BYTES } from './export-download';
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
  publish: EventSink;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1_000_000;

/**
 * The HTTP status each refusal answers with (the body is the CallResult either way, which is
 * what the web bridge reads). Errors that come from OpenCX rather than from the caller are a
 * bad gateway: the caller holds the right token for this host, it is the upstream that said no.
 */
const HTTP_STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  invalid_input: 400,
  forbidden_sender: 403,
  unknown_channel: 404,
  not_found: 404,
  busy: 409,
  cancelled: 409,
  no_token: 409,
  auth_rejected: 502,
  auth_forbidden: 502,
  server_error: 502,
  bad_response: 502,
  rate_limited: 503,
  offline: 503,
  io_failed: 500,
  internal: 500,
};

/**
 * The contract over loopback HTTP, for the e2e suite and machines without Electron. Only
 * 127.0.0.1 is bound; every call needs the per-start token (the served page carries it), and the
 * Host and Origin headers must name this very server, which defeats DNS rebinding and CSRF.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const subscribers = new Set<(event: EventName, payload: unknown) => void>();
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

  const requireBearerToken: MiddlewareHandler = async (c, next) => {
    // Exactly `Bearer <token>`: a bare token or another scheme is refused.
    const given = /^Bearer ([^\s]+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (!hasToken(given, token)) {
      return c.json(
        { ok: false, error: { code: 'forbidden_sender', message: 'Missing or wrong token.' } },
        401,
      );
    }
    await next();
  };

  // Counts the bytes as they arrive (a chunked body declares no length) and answers 413 as soon
  // as they pass the limit, having held at most MAX_BODY_BYTES; `Connection: close` ends the
  // connection after the answer, so the rest of the body is never read.
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) =>
      c.json(
        refusal(
          'invalid_input',
          `The request body is larger than ${MAX_BODY_BYTES} bytes; Session Desk accepts at most ${MAX_BODY_BYTES}.`,
        ),
        413,
        { Connection: 'close' },
      ),
  });

  app.post('/api/call/:channel', requireBearerToken, limitBody, async (c) => {
    const channel = c.req.param('channel');
    const body = await readJsonBody(c);
    if (!body.ok) return c.json(body, 400);
    const tooLarge = inputLimitRefusal(channel, body.value);
    if (tooLarge) return c.json({ ok: false, error: tooLarge }, 400);
    const result = await options.dispatch(channel, body.value);
    return c.json(result, result.ok ? 200 : (HTTP_STATUS[result.error.code] ?? 500));
  });

  const publish: EventSink = (event, payload) => {
    for (const send of subscribers) send(event, payload);
  };

  // Exports download as files (export-download.ts): a ticket asked for with the token, then a GET.
  const closeExports = addExportDownload(app, {
    dispatch: options.dispatch,
    requireBearerToken,
    limitBody: bodyLimit({
      maxSize: MAX_EXPORT_BODY_BYTES,
      onError: (c) =>
        c.json(
          refusal(
            'invalid_input',
            `The export request is larger than ${MAX_EXPORT_BODY_BYTES} bytes; select fewer sessions, or select all matching sessions instead.`,
          ),
          413,
          { Connection: 'close' },
        ),
    }),
    publish,
    statusOf: (code) => HTTP_STATUS[code] ?? 500,
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
    publish,
    close: () =>
      new Promise((resolve) => {
        subscribers.clear();
        closeExports();
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

function refusal(code: ErrorCode, message: string): CallResult<never> & { ok: false } {
  return { ok: false, error: { code, message } };
}

/** The body as JSON; bodyLimit has already bounded its size. */
async function readJsonBody(
  c: Context,
): Promise<{ ok: true; value: unknown } | { ok: false; error: AppErrorShape }> {
  const text = await c.req.text();
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return refusal('invalid_input', 'The request body is not valid JSON.');
  }
}

function listen(app: Hono, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, () => resolve(server));
    server.once('error', reject);
  });
}
