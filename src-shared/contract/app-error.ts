// Error codes every transport carries unchanged, so the renderer can explain each in a sentence.
export const ERROR_CODES = [
  'invalid_input',
  'forbidden_sender',
  'unknown_channel',
  'auth_rejected',
  'auth_forbidden',
  'no_token',
  'offline',
  'rate_limited',
  'server_error',
  'bad_response',
  'not_found',
  'cancelled',
  'busy',
  /** A file could not be written: disk full, permission denied, read-only disk. */
  'io_failed',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
}

export class AppError extends Error implements AppErrorShape {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }

  toJSON(): AppErrorShape {
    return { code: this.code, message: this.message };
  }
}

export function isAppErrorShape(value: unknown): value is AppErrorShape {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as AppErrorShape).code === 'string' &&
    (ERROR_CODES as readonly string[]).includes((value as AppErrorShape).code) &&
    typeof (value as AppErrorShape).message === 'string'
  );
}

/** What a call over any transport returns: never a thrown error across a process boundary. */
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };
