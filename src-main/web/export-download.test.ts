import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallResult } from '../../src-shared/contract/app-error';
import type { EventName } from '../../src-shared/contract/names';
import type { CallContext, Dispatch } from '../engine/contract/dispatcher';
import { addExportDownload } from './export-download';
import { startWebHost, type WebHost } from './web-host';

// The web host's export download over real HTTP: the token to ask, a one-time ticket to
// download, the engine's bytes streamed with the export's name and media type, backpressure
// from the reader to the engine, refusals before the first byte as statuses, failures after it
// as an aborted download.

type Behaviour = (out: Writable, input: unknown) => Promise<CallResult<unknown>>;
let behaviour: Behaviour;
const contexts: (CallContext | undefined)[] = [];
const dispatch: Dispatch = (channel, input, context) => {
  contexts.push(context);
  if (channel !== 'sessions.export' || context?.exportTo?.kind !== 'writable') {
    return Promise.resolve({ ok: false, error: { code: 'invalid_input', message: 'no' } });
  }
  return behaviour(context.exportTo.out, input);
};

let host: WebHost;
let port: number;
const TOKEN = 'download-test-token';

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'export-download-'));
  writeFileSync(join(rendererDir, 'index.html'), '<html><head></head><body></body></html>');
  host = await startWebHost({ dispatch, rendererDir, token: TOKEN });
  port = Number(new URL(host.url).port);
});

afterAll(() => host.close());

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  aborted: boolean;
}

/** One raw request; `slowly` pauses the reader after each chunk for that many ms. */
function send(
  path: string,
  options: { method?: string; token?: string | null; body?: unknown; slowly?: number } = {},
  onChunk: (received: number) => void = () => undefined,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: {
          host: `127.0.0.1:${port}`,
          ...(options.token === null ? {} : { authorization: `Bearer ${options.token ?? TOKEN}` }),
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let received = 0;
        let aborted = false;
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          received += chunk.length;
          onChunk(received);
          if (options.slowly) {
            res.pause();
            setTimeout(() => res.resume(), options.slowly);
          }
        });
        res.on('aborted', () => (aborted = true));
        res.on('error', () => (aborted = true));
        res.on('close', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            aborted: aborted || !res.complete,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const exportInput = (overrides: Record<string, unknown> = {}) => ({
  export_id: 'web-export-1',
  selection: { filter: { status: ['open'] } },
  format: 'csv',
  columns: ['id', 'status'],
  ...overrides,
});

async function ticket(input: unknown = exportInput()): Promise<{ url: string; file_name: string }> {
  const answer = await send('/api/export', { method: 'POST', body: input });
  expect(answer.status).toBe(200);
  const result = JSON.parse(answer.body.toString()) as CallResult<{
    url: string;
    file_name: string;
  }>;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

async function write(out: Writable, chunk: string | Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

describe('the web host’s export download', () => {
  it('needs the token to ask for a download, and refuses a bad request before any download', async () => {
    expect(
      (await send('/api/export', { method: 'POST', token: null, body: exportInput() })).status,
    ).toBe(401);
    expect(
      (await send('/api/export', { method: 'POST', token: 'wrong', body: exportInput() })).status,
    ).toBe(401);
    const bad = await send('/api/export', {
      method: 'POST',
      body: exportInput({ columns: ['id', 'nope'] }),
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body.toString())).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(bad.body.toString()).toContain('unknown column \\"nope\\"');
    const withPath = await send('/api/export', {
      method: 'POST',
      body: { ...exportInput(), path: '/etc/passwd' },
    });
    expect(withPath.status).toBe(400);
  });

  it('streams the file with its name and media type, once per ticket', async () => {
    behaviour = async (out) => {
      await write(out, 'id,status\r\n');
      await write(out, 'a,open\r\n');
      return { ok: true, value: {} };
    };
    const { url, file_name: fileName } = await ticket(exportInput({ format: 'csv' }));
    expect(fileName).toMatch(/^sessions-\d{4}-\d\d-\d\d-\d{4}\.csv$/);
    const answer = await send(url, { token: null });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(answer.headers['content-disposition']).toBe(
      `attachment; filename="${fileName}"; filename*=UTF-8''${fileName}`,
    );
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.body.toString()).toBe('id,status\r\na,open\r\n');
    expect(contexts.at(-1)?.exportTo).toMatchObject({ kind: 'writable', name: fileName });
    // Spent: the same link downloads nothing a second time.
    const again = await send(url, { token: null });
    expect(again.status).toBe(404);
    expect(JSON.parse(again.body.toString())).toMatchObject({ error: { code: 'not_found' } });
    expect((await send('/api/export/not-a-ticket', { token: null })).status).toBe(404);
  });

  it('gives each format its media type', async () => {
    behaviour = async (out) => {
      await write(out, 'x');
      return { ok: true, value: {} };
    };
    const types = {
      xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      json: 'application/json; charset=utf-8',
      jsonl: 'application/x-ndjson; charset=utf-8',
    };
    for (const [format, type] of Object.entries(types)) {
      const { url, file_name: name } = await ticket(exportInput({ format }));
      expect(name.endsWith(`.${format}`)).toBe(true);
      expect((await send(url, { token: null })).headers['content-type']).toBe(type);
    }
  });

  it('the engine writes only as fast as the browser reads (memory stays flat)', async () => {
    const CHUNK = Buffer.alloc(64 * 1024, 'x');
    const TOTAL = 24 * 1024 * 1024;
    let produced = 0;
    let largestLead = 0;
    behaviour = async (out) => {
      while (produced < TOTAL) {
        await write(out, CHUNK);
        produced += CHUNK.length;
      }
      return { ok: true, value: {} };
    };
    const { url } = await ticket();
    const answer = await send(url, { token: null, slowly: 2 }, (received) => {
      largestLead = Math.max(largestLead, produced - received);
    });
    expect(answer.body.length).toBe(TOTAL);
    // What the engine got ahead of the reader: socket buffers and a few chunks, not the file.
    expect(largestLead).toBeLessThan(8 * 1024 * 1024);
  }, 30_000);

  it('a refusal before the first byte is a status with its sentence; a failure after it aborts the download', async () => {
    behaviour = () =>
      Promise.resolve({
        ok: false,
        error: {
          code: 'not_found',
          message: 'There is no account yet, so there is nothing to export.',
        },
      });
    const refused = await send((await ticket()).url, { token: null });
    expect(refused.status).toBe(404);
    expect(JSON.parse(refused.body.toString())).toEqual({
      ok: false,
      error: {
        code: 'not_found',
        message: 'There is no account yet, so there is nothing to export.',
      },
    });

    behaviour = async (out) => {
      await write(out, 'id,status\r\n');
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { ok: false, error: { code: 'io_failed', message: 'The disk is full.' } };
    };
    const failed = await send((await ticket()).url, { token: null });
    expect(failed.status).toBe(200);
    expect(failed.aborted).toBe(true);
  });

  it('closing the download closes the engine’s stream (the export is cancelled)', async () => {
    let closed: () => void = () => undefined;
    const outClosed = new Promise<void>((resolve) => (closed = resolve));
    behaviour = async (out) => {
      out.once('close', closed);
      for (;;) {
        if (out.destroyed) return { ok: false, error: { code: 'cancelled', message: 'closed' } };
        await write(out, Buffer.alloc(64 * 1024)).catch(() => undefined);
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const { url } = await ticket();
    await new Promise<void>((resolve) => {
      const req = request(
        { host: '127.0.0.1', port, path: url, headers: { host: `127.0.0.1:${port}` } },
        (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        },
      );
      req.end();
    });
    await outClosed;
  });
});

describe('an unused download ticket', () => {
  it('expires, and the page hears that the export ended', async () => {
    const published: [EventName, unknown][] = [];
    const app = new Hono();
    const pass = async (_c: unknown, next: () => Promise<void>) => next();
    addExportDownload(app, {
      dispatch,
      requireBearerToken: pass,
      limitBody: pass,
      publish: (name, payload) => published.push([name, payload]),
      statusOf: () => 400,
      ticketTtlMs: 30,
    });
    const answer = await app.request('/api/export', {
      method: 'POST',
      body: JSON.stringify(exportInput({ export_id: 'never-downloaded' })),
    });
    const { value } = (await answer.json()) as { value: { url: string } };
    await vi.waitFor(() =>
      expect(published).toEqual([
        [
          'export.finished',
          {
            export_id: 'never-downloaded',
            ok: false,
            error: {
              code: 'cancelled',
              message: 'The download did not start within a minute, so nothing was exported.',
            },
          },
        ],
      ]),
    );
    expect((await app.request(value.url)).status).toBe(400);
  });
});
