import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/contract/app-error';
import {
  OpencxApiError,
  httpError,
  networkError,
  readErrorBodyMessage,
  timeoutError,
} from './api-error';

const body = (statusCode: number, message: string | string[], error = 'x') =>
  JSON.stringify({ statusCode, message, error });

describe('httpError', () => {
  it('maps 401 to auth_rejected with the app sentence', () => {
    const e = httpError({ status: 401, request: 'GET /tags', bodyText: body(401, 'Unauthorized') });
    expect(e).toBeInstanceOf(OpencxApiError);
    expect(e).toBeInstanceOf(AppError);
    expect(e.toJSON()).toEqual({ code: 'auth_rejected', message: 'OpenCX rejected the API key.' });
    expect(e.status).toBe(401);
    expect(e.kind).toBe('http');
  });

  it('maps 403 to auth_forbidden naming the missing permission', () => {
    const e = httpError({ status: 403, request: 'GET /tags', bodyText: body(403, 'Forbidden') });
    expect(e.code).toBe('auth_forbidden');
    expect(e.message).toBe('The API key lacks the chat-sessions:read permission.');
  });

  it('maps 404 to not_found naming what was asked for', () => {
    const e = httpError({ status: 404, request: 'GET /chat/sessions/abc', bodyText: '' });
    expect(e.code).toBe('not_found');
    expect(e.message).toContain('GET /chat/sessions/abc');
  });

  it('maps 400 to invalid_input carrying the server message that names the field', () => {
    const e = httpError({
      status: 400,
      request: 'POST /chat/sessions/filter',
      bodyText: body(400, 'filters.channels[0] must be one of web, email'),
    });
    expect(e.code).toBe('invalid_input');
    expect(e.serverMessage).toBe('filters.channels[0] must be one of web, email');
    expect(e.message).toContain('filters.channels[0] must be one of web, email');
  });

  it('joins a list of messages, as NestJS validation sends them', () => {
    expect(readErrorBodyMessage(body(400, ['limit must be ≤ 100', 'page must be ≥ 1']))).toBe(
      'limit must be ≤ 100; page must be ≥ 1',
    );
  });

  it('maps 5xx to server_error and 429 to rate_limited with the requested wait', () => {
    expect(httpError({ status: 503, request: 'GET /tags', bodyText: 'oops' }).code).toBe(
      'server_error',
    );
    const limited = httpError({
      status: 429,
      request: 'GET /tags',
      bodyText: '',
      retryAfterMs: 2000,
    });
    expect(limited.code).toBe('rate_limited');
    expect(limited.retryAfterMs).toBe(2000);
  });

  it('ignores a body that is not the documented error shape', () => {
    expect(readErrorBodyMessage('<html>502</html>')).toBeUndefined();
    expect(readErrorBodyMessage('{"detail":"x"}')).toBeUndefined();
  });
});

describe('network and timeout errors', () => {
  it('are offline, told apart by kind', () => {
    const cause = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    });
    const net = networkError('GET /tags', cause);
    expect([net.code, net.kind]).toEqual(['offline', 'network']);
    expect(net.message).toBe('Could not reach OpenCX for GET /tags (ECONNREFUSED).');
    const slow = timeoutError('GET /tags', 30_000);
    expect([slow.code, slow.kind]).toEqual(['offline', 'timeout']);
    expect(slow.message).toBe('OpenCX did not answer GET /tags within 30 s.');
  });
});
