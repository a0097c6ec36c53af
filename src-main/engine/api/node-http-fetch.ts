import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate, inflateRaw } from 'node:zlib';
import type { Dispatcher, request as undiciRequest } from 'undici';
import type { HttpAnswer, HttpFetch } from './http-fetch';

// The Node hosts (CLI, web host, bench) reach OpenCX through undici.request rather than Node's
// fetch, which is built on it: fetch's web streams, Request and Response objects cost about
// twice the CPU per request (1.6-2.3 against 1.0-1.3 ms for a page of 100 sessions on the
// project's VM), and a full sync makes its ~2,100 requests on the engine's thread: a
// 100,000-session sync measured about 2 s less CPU this way. What fetch gave for free is kept:
// keep-alive connections, compressed answers (gzip, deflate, br), no redirect followed
// (undici.request follows none), cancellation through the signal, the same default timeouts.
// undici is loaded on the first request only, so an engine that never goes online (or
// Electron's, whose requests go through the host's net.fetch) never loads it.

interface Transport {
  request: typeof undiciRequest;
  dispatcher: Dispatcher;
}

const ACCEPTED_ENCODINGS = 'gzip, deflate, br';

let transport: Promise<Transport> | null = null;

function loadTransport(): Promise<Transport> {
  transport ??= import('undici').then(({ request, Agent }) => ({
    request,
    // One pool of keep-alive connections per process, as Node's fetch has; idle sockets are
    // unref'd by undici, so they keep no process alive.
    dispatcher: new Agent(),
  }));
  return transport;
}

export const nodeHttpFetch: HttpFetch = async (url, init) => {
  const { request, dispatcher } = await loadTransport();
  init.signal?.throwIfAborted();
  const response = await request(url, {
    method: init.method,
    headers: { 'accept-encoding': ACCEPTED_ENCODINGS, ...init.headers },
    body: init.body ?? null,
    signal: init.signal ?? null,
    dispatcher,
  });
  return answerOf(response);
};

function answerOf(response: Dispatcher.ResponseData): HttpAnswer {
  const { statusCode, headers, body } = response;
  return {
    status: statusCode,
    ok: statusCode >= 200 && statusCode <= 299,
    headers: {
      get: (name) => headerValue(headers[name.toLowerCase()]),
    },
    text: async () => {
      const encodings = headerValue(headers['content-encoding']);
      if (encodings === null) return body.text();
      return utf8.decode(await decoded(Buffer.from(await body.arrayBuffer()), encodings));
    },
  };
}

// undici's decompress interceptor would do this, but it is experimental in undici 7 and says so
// on stderr, which the CLI's users would read. Whole bodies are small (a page of sessions), so
// they are decompressed at once, off the thread by zlib.
const DECODERS: Record<string, (bytes: Buffer) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  br: promisify(brotliDecompress),
  // "deflate" is meant to be zlib-wrapped, but servers also send it raw, which fetch accepts.
  deflate: (bytes) => (isZlibWrapped(bytes) ? inflateAsync(bytes) : inflateRawAsync(bytes)),
};
const inflateAsync = promisify(inflate);
const inflateRawAsync = promisify(inflateRaw);

/** Fatal off: a stray byte reads as U+FFFD, as fetch's text() reads it; a leading BOM is dropped. */
const utf8 = new TextDecoder('utf-8');

async function decoded(bytes: Buffer, contentEncoding: string): Promise<Buffer> {
  // Applied in the order listed, so undone from the last.
  const codings = contentEncoding
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  // A coding we cannot undo leaves the body as sent, as fetch leaves it; its parse then says
  // the answer is garbled.
  if (!codings.every((coding) => Object.hasOwn(DECODERS, coding))) return bytes;
  let body = bytes;
  for (const coding of codings.reverse()) body = await DECODERS[coding]!(body);
  return body;
}

function isZlibWrapped(bytes: Buffer): boolean {
  return bytes.length >= 2 && (bytes[0]! & 0x0f) === 8 && ((bytes[0]! << 8) | bytes[1]!) % 31 === 0;
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}
