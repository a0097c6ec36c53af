import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { Protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/security/content-security-policy';
import { APP_HOST, APP_SCHEME } from './app-origin';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Must run before the app is ready. standard + secure give app:// a real origin that counts as
 * a secure context; supportFetchAPI lets the page fetch its own assets. Nothing bypasses the CSP.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir));
}

/**
 * Answers app://session-desk/<path> from the built renderer folder and nothing outside it. Every
 * response, errors included, carries the strict CSP.
 */
export function createAppRequestHandler(
  rendererDir: string,
): (request: Request) => Promise<Response> {
  const root = resolve(rendererDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return reply(405, 'Only GET and HEAD are served.');
    }
    const path = resolveRequestPath(root, request.url);
    if (!path.ok) return reply(path.status, path.reason);
    let body: Buffer;
    try {
      body = await readFile(path.file);
    } catch {
      return reply(404, 'Not found.');
    }
    const type = CONTENT_TYPES[extname(path.file).toLowerCase()] ?? 'application/octet-stream';
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: headers(type),
    });
  };
}

type ResolvedPath = { ok: true; file: string } | { ok: false; status: number; reason: string };

export function resolveRequestPath(root: string, rawUrl: string): ResolvedPath {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, status: 400, reason: 'The address is not a URL.' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) {
    return { ok: false, status: 404, reason: 'Not found.' };
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'The path is not valid percent-encoding.' };
  }
  // Decoded %2e%2e, %2f and %5c could otherwise climb out of the folder after URL normalisation
  // has already run; refuse them outright rather than trying to normalise a second time.
  const segments = pathname.split(/[/\\]/);
  if (pathname.includes('\0') || segments.includes('..')) {
    return { ok: false, status: 403, reason: 'The path leaves the app folder.' };
  }
  const relative =
    pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = resolve(root, relative);
  if (file !== root && !file.startsWith(root + sep)) {
    return { ok: false, status: 403, reason: 'The path leaves the app folder.' };
  }
  return { ok: true, file };
}

function reply(status: number, text: string): Response {
  return new Response(text, { status, headers: headers('text/plain; charset=utf-8') });
}

function headers(contentType: string): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  });
}
