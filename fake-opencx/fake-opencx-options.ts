/** The endpoints a fault can be limited to. */
export type FakeEndpoint = 'filter' | 'session' | 'history' | 'list' | 'tags' | 'teams';

/** When a fault fires: on a seeded share of requests, or on every nth request it considers. */
export type FaultTrigger = ({ rate: number } | { every: number }) & {
  /** Only requests to these endpoints are considered (all when absent). */
  endpoints?: readonly FakeEndpoint[];
};

type Fault<Extra = object> = (FaultTrigger & Extra) | false | undefined;

export interface FaultConfig {
  /** A 500, 502 or 503 with the error body (random among them unless `status` is given). */
  serverError?: Fault<{ status?: 500 | 502 | 503 }>;
  /** A 429 with `Retry-After` although the real limit is not reached. */
  rateLimitStorm?: Fault<{ retryAfterSeconds?: number }>;
  /** The answer is delayed by `delayMs`, then given normally. */
  slow?: Fault<{ delayMs: number }>;
  /** No answer at all: the socket stays open until the client aborts or the server closes. */
  hang?: Fault;
  /** The socket is destroyed mid-request. */
  reset?: Fault;
  /** Status 200 with the JSON body cut in half. */
  truncated?: Fault;
  /** Status 200 with JSON that parses but breaks the schema. */
  malformed?: Fault;
  /** Equal sort keys come back in a random order on every request. */
  shuffleTies?: boolean;
}

export type FaultName = Exclude<keyof FaultConfig, 'shuffleTies'>;

export interface LiveConfig {
  /** Mutations per second while live activity runs on a timer. */
  ratePerSecond: number;
  /** Relative weights of the mutation kinds (normalised; defaults 0.15/0.35/0.45/0.05). */
  createShare?: number;
  updateShare?: number;
  messageShare?: number;
  deleteShare?: number;
}

export interface ExtraToken {
  token: string;
  scopes: readonly string[];
}

/** What a test observes of every answer the fake gives (used to validate bodies against openapi.json). */
export interface ObservedResponse {
  method: string;
  path: string;
  status: number;
  body: string;
  /** The fault that shaped this answer, if any. */
  fault: FaultName | null;
}

export interface FakeOpencxOptions {
  port?: number;
  host?: string;
  /** Seed of every random choice: data, faults, live activity (default 1). */
  seed?: number;
  /** Number of sessions generated at start (default 300). */
  sessions?: number;
  /** The full-scope API key (default 'ocx_test_token'). */
  token?: string;
  extraTokens?: readonly ExtraToken[];
  /** Per-token sliding 60 s window (default 100/min); false switches it off. */
  rateLimit?: { perMinute: number } | false;
  faults?: FaultConfig;
  /** Starts live activity on a timer right away. */
  live?: LiveConfig;
  /** Clock in epoch milliseconds, for the generated data, live mutations and the rate limit. */
  now?: () => number;
  /** Share (0..1) of generated sessions whose channel is a value the docs do not list. */
  unknownEnumRate?: number;
  /** Called with every answer given (test instrumentation). */
  onResponse?: (response: ObservedResponse) => void;
}

export const REQUIRED_SCOPE = 'chat-sessions:read';
