const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export type ErrorStatus = 400 | 401 | 403 | 404 | 429 | 500 | 502 | 503;

export interface ErrorBody {
  statusCode: number;
  message: string;
  error: string;
}

/** The documented error body: `{ statusCode, message, error }`. */
export function errorBody(status: ErrorStatus, message?: string): ErrorBody {
  const reason = REASONS[status] ?? 'Error';
  return { statusCode: status, message: message ?? reason, error: reason };
}
