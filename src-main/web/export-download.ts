import { randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppErrorShape, CallResult, ErrorCode } from '../../src-shared/contract/app-error';
import { contract } from '../../src-shared/contract/channels';
import type { EventSink } from '../../src-shared/contract/events';
import { inputLimitRefusal } from '../../src-shared/contract/input-limits';
import {
  defaultExportFileName,
  EXPORT_FORMAT_INFO,
  type ExportFormat,
} from '../../src-shared/export/export-catalogue';
import type { Dispatch } from '../engine/contract/dispatcher';
import { describeZodError } from '../engine/contract/describe-zod-error';

// The web host's export: the browser downloads the file, streamed, under its name and type.
//
// A browser cannot put the Bearer token on a download it starts itself (a link, a navigation),
// so a download takes two requests:
//   1. POST /api/export with the token and the contract's `sessions.export` input. The input is
//      checked against the contract's schema at once (a bad column or format is refused here, in
//      the dispatcher's words) and a one-time ticket is issued: 32 random bytes, good for one
//      GET within TICKET_TTL_MS.
//   2. GET /api/export/<ticket>, started by the page as a download. The ticket is spent on
//      arrival; the export runs through the same validating dispatcher as every call, with the
//      response as its destination beside the input.
//
// Streaming, memory flat: the engine runs in its worker thread and writes into a stream whose
// chunks are posted to this thread (engine/worker/port-stream.ts) and written into the response
// body; each chunk is acknowledged only once the body has taken it, and the body is read only as
// fast as the socket drains, so at most a few hundred KB are in flight whatever the export's size
// and however slow the download. No temporary file: nothing to clean up after a crash, the first
// bytes leave at once, and closing the download (the browser's Cancel) cancels the export.
//
// Headers wait for the first byte: an export refused before writing anything (the cache has no
// account, say) is answered with its status and CallResult instead of a broken file. A failure
// after the first byte aborts the connection, so the browser marks the download failed rather
// than keep a truncated file. Either way the engine's `export.finished` event tells the page.

/** How long a ticket may wait for its download to start. */
export const TICKET_TTL_MS = 60_000;
/** Tickets waiting at once; more are refused (busy). */
const MAX_TICKETS = 20;
/** 100,000 selected ids of 36 characters are about 4 MB of JSON. */
export const MAX_EXPORT_BODY_BYTES = 8_000_000;

interface Ticket {
  input: unknown;
  exportId: string;
  fileName: string;
  mediaType: string;
  timer: NodeJS.Timeout;
}

export interface ExportDownloadOptions {
  dispatch: Dispatch;
  requireBearerToken: MiddlewareHandler;
  /** Body limit middleware for the POST (the host's bodyLimit with this module's size). */
  limitBody: MiddlewareHandler;
  /** Contract events to the page (SSE): an unused ticket's export is said to have ended. */
  publish: EventSink;
  statusOf: (code: ErrorCode) => ContentfulStatusCode;
  now?: () => number;
  /** Default TICKET_TTL_MS. */
  ticketTtlMs?: number;
}

/** Adds POST /api/export and GET /api/export/:ticket to `app`; returns a cleanup. */
export function addExportDownload(app: Hono, options: ExportDownloadOptions): () => void {
  const tickets = new Map<string, Ticket>();
  const now = options.now ?? (() => Date.now());
  const refuse = (c: Context, error: AppErrorShape) =>
    c.json({ ok: false, error } satisfies CallResult<never>, options.statusOf(error.code));

  app.post('/api/export', options.requireBearerToken, options.limitBody, async (c) => {
    let input: unknown;
    try {
      const text = await c.req.text();
      input = text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      return refuse(c, { code: 'invalid_input', message: 'The request body is not valid JSON.' });
    }
    const tooLarge = inputLimitRefusal('sessions.export', input);
    if (tooLarge) return refuse(c, tooLarge);
    // Checked now so a bad request is refused before any download starts; the dispatcher checks
    // it again when the download runs, as it checks every call.
    const parsed = contract['sessions.export'].input.safeParse(input);
    if (!parsed.success) {
      return refuse(c, {
        code: 'invalid_input',
        message: describeZodError('sessions.export', parsed.error),
      });
    }
    if (tickets.size >= MAX_TICKETS) {
      return refuse(c, {
        code: 'busy',
        message: `${MAX_TICKETS} exports are waiting for their downloads to start; start or cancel those first.`,
      });
    }
    const format: ExportFormat = parsed.data.format;
    const exportId = parsed.data.export_id;
    const ticket = randomBytes(32).toString('base64url');
    const timer = setTimeout(() => {
      if (!tickets.delete(ticket)) return;
      options.publish('export.finished', {
        export_id: exportId,
        ok: false,
        error: {
          code: 'cancelled',
          message: 'The download did not start within a minute, so nothing was exported.',
        },
      });
    }, options.ticketTtlMs ?? TICKET_TTL_MS);
    timer.unref();
    const fileName = defaultExportFileName(format, now());
    tickets.set(ticket, {
      input,
      exportId,
      fileName,
      mediaType: EXPORT_FORMAT_INFO[format].mediaType,
      timer,
    });
    return c.json({
      ok: true,
      value: { url: `/api/export/${ticket}`, file_name: fileName },
    } satisfies CallResult<{ url: string; file_name: string }>);
  });

  app.get('/api/export/:ticket', async (c) => {
    const key = c.req.param('ticket');
    const ticket = tickets.get(key);
    if (!ticket) {
      return refuse(c, {
        code: 'not_found',
        message: 'This download link was used already or has expired; export again.',
      });
    }
    tickets.delete(key);
    clearTimeout(ticket.timer);

    const body = new DownloadBody();
    const running = options.dispatch('sessions.export', ticket.input, {
      exportTo: { kind: 'writable', out: body, name: ticket.fileName },
    });
    const first = await Promise.race([
      body.started.then(() => 'streaming' as const),
      running.then((result) => result),
    ]);
    if (first !== 'streaming' && !first.ok) {
      body.destroy();
      return refuse(c, first.error);
    }
    // Ending the connection itself marks the download failed without the server library
    // logging the failure or appending its own error text to the body.
    const connection = (c.env as { outgoing?: { destroy(): void } } | undefined)?.outgoing;
    void running.then((result) => {
      if (result.ok) body.end();
      else if (connection) connection.destroy();
      else body.destroy(new Error(result.error.message));
    });
    return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
      status: 200,
      headers: {
        'Content-Type': ticket.mediaType,
        'Content-Disposition': contentDisposition(ticket.fileName),
      },
    });
  });

  return () => {
    for (const ticket of tickets.values()) clearTimeout(ticket.timer);
    tickets.clear();
  };
}

/**
 * The response body: a pass-through that knows when the first byte arrived. Its write callback
 * waits while the body's buffer is full, which is what holds the engine back.
 */
class DownloadBody extends PassThrough {
  private resolveStarted!: () => void;
  readonly started = new Promise<void>((resolve) => (this.resolveStarted = resolve));

  constructor() {
    super({ highWaterMark: 64 * 1024 });
  }

  override _transform(
    chunk: Buffer,
    encoding: BufferEncoding,
    done: (error?: Error | null, data?: unknown) => void,
  ): void {
    this.resolveStarted();
    super._transform(chunk, encoding, done);
  }
}

/** `attachment` with the name as ASCII and, for any other character, RFC 5987's UTF-8 form. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
