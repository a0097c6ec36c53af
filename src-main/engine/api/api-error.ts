import { AppError, type ErrorCode } from '../../../src-shared/contract/app-error';
import { ApiErrorBodySchema } from '../../../src-shared/opencx/api-error';

/**
 * What went wrong, one level finer than the AppError code:
 * - `http`: the server answered with a non-2xx status (`status` says which).
 * - `network`: no answer (refused, reset, DNS, body cut off mid-stream).
 * - `timeout`: no complete answer within the per-request timeout.
 * - `cancelled`: the caller aborted.
 * - `no_token`: no API key to send.
 * - `bad_response`: an answer arrived but is not what the API promises (not JSON, truncated,
 *   or failing the response schema).
 */
export type OpencxErrorKind =
  'http' | 'network' | 'timeout' | 'cancelled' | 'no_token' | 'bad_response';

export interface OpencxApiErrorDetails {
  kind: OpencxErrorKind;
  status?: number;
  /** The server's own `message` from the documented error body, when it sent one. */
  serverMessage?: string;
  /** For 429: how long the server asked us to wait (Retry-After, else x-ratelimit-reset). */
  retryAfterMs?: number;
  /** For bad_response: whether the body could not be read as JSON (vs. read but invalid). */
  unparseable?: boolean;
  cause?: unknown;
}

export class OpencxApiError extends AppError {
  readonly kind: OpencxErrorKind;
  readonly status: number | undefined;
  readonly serverMessage: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly unparseable: boolean;

  constructor(code: ErrorCode, message: string, details: OpencxApiErrorDetails) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'OpencxApiError';
    this.kind = details.kind;
    this.status = details.status;
    this.serverMessage = details.serverMessage;
    this.retryAfterMs = details.retryAfterMs;
    this.unparseable = details.unparseable ?? false;
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The server's message from a documented error body `{statusCode, message, error}`, if any. */
export function readErrorBodyMessage(bodyText: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  const parsed = ApiErrorBodySchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { message } = parsed.data;
  const text = Array.isArray(message) ? message.join('; ') : message;
  return text.trim() === '' ? undefined : text.slice(0, 500);
}

export interface HttpErrorContext {
  status: number;
  /** e.g. "GET /chat/sessions/abc": names what was asked for, never carries the token. */
  request: string;
  bodyText: string;
  retryAfterMs?: number;
}

/** Maps a non-2xx answer to the error the app shows (codes: src-shared/contract/app-error.ts). */
export function httpError(context: HttpErrorContext): OpencxApiError {
  const { status, request } = context;
  const serverMessage = readErrorBodyMessage(context.bodyText);
  const statusLine = `${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ''}`;
  const details: OpencxApiErrorDetails = { kind: 'http', status };
  if (serverMessage !== undefined) details.serverMessage = serverMessage;
  if (context.retryAfterMs !== undefined) details.retryAfterMs = context.retryAfterMs;
  const suffix = serverMessage !== undefined ? `: ${serverMessage}` : '.';

  if (status === 401) {
    return new OpencxApiError('auth_rejected', 'OpenCX rejected the API key.', details);
  }
  if (status === 403) {
    return new OpencxApiError(
      'auth_forbidden',
      'The API key lacks the chat-sessions:read permission.',
      details,
    );
  }
  if (status === 404) {
    return new OpencxApiError('not_found', `OpenCX found nothing at ${request}.`, details);
  }
  if (status === 429) {
    return new OpencxApiError(
      'rate_limited',
      `OpenCX is limiting the request rate (429 Too Many Requests) for ${request}.`,
      details,
    );
  }
  if (status === 408) {
    return new OpencxApiError(
      'offline',
      `OpenCX timed out waiting for ${request} (408 Request Timeout).`,
      { ...details, kind: 'timeout' },
    );
  }
  if (status >= 500) {
    return new OpencxApiError(
      'server_error',
      `OpenCX failed with ${statusLine} on ${request}${suffix}`,
      details,
    );
  }
  if (status >= 400) {
    return new OpencxApiError(
      'invalid_input',
      `OpenCX refused ${request} (${statusLine})${suffix}`,
      details,
    );
  }
  return new OpencxApiError(
    'bad_response',
    `OpenCX answered ${request} with an unexpected ${statusLine}.`,
    details,
  );
}

export function networkError(request: string, cause: unknown): OpencxApiError {
  const reason = describeCause(cause);
  return new OpencxApiError(
    'offline',
    `Could not reach OpenCX for ${request}${reason ? ` (${reason})` : ''}.`,
    { kind: 'network', cause },
  );
}

export function timeoutError(request: string, timeoutMs: number): OpencxApiError {
  return new OpencxApiError(
    'offline',
    `OpenCX did not answer ${request} within ${formatDuration(timeoutMs)}.`,
    { kind: 'timeout' },
  );
}

export function cancelledError(request?: string): OpencxApiError {
  return new OpencxApiError(
    'cancelled',
    request ? `The request ${request} was cancelled.` : 'The request was cancelled.',
    { kind: 'cancelled' },
  );
}

export function noTokenError(): OpencxApiError {
  return new OpencxApiError('no_token', 'No OpenCX API key is set for this account.', {
    kind: 'no_token',
  });
}

export function badResponseError(
  message: string,
  options: { unparseable: boolean; status?: number; cause?: unknown },
): OpencxApiError {
  const details: OpencxApiErrorDetails = { kind: 'bad_response', unparseable: options.unparseable };
  if (options.status !== undefined) details.status = options.status;
  if (options.cause !== undefined) details.cause = options.cause;
  return new OpencxApiError('bad_response', message, details);
}

function describeCause(cause: unknown): string {
  // undici wraps the useful part ("ECONNREFUSED", "other side closed") one level down.
  const inner =
    cause instanceof Error && cause.cause instanceof Error ? cause.cause : (cause as Error);
  if (!(inner instanceof Error)) return '';
  const code = (inner as Error & { code?: unknown }).code;
  return typeof code === 'string' ? code : inner.message;
}

function formatDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
