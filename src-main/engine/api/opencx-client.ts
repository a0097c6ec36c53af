import type { z } from 'zod';
import { AppError } from '../../../src-shared/contract/app-error';
import {
  FilterRequestSchema,
  FilterResponseSchema,
  type FilterRequest,
  type FilterResponse,
} from '../../../src-shared/opencx/filter-request';
import {
  HistoryPageSchema,
  type HistoryEvent,
  type HistoryPage,
} from '../../../src-shared/opencx/history';
import { TagListSchema, type Tag } from '../../../src-shared/opencx/tag';
import { readRateLimitHeaders, readRetryAfterMs } from './api-assumptions';
import type { HttpAnswer, HttpFetch } from './http-fetch';
import { nodeHttpFetch } from './node-http-fetch';
import { SessionRefPageSchema, type SessionRefPage } from './session-ref-page';
import {
  OpencxApiError,
  badResponseError,
  httpError,
  networkError,
  noTokenError,
} from './api-error';
import type { Clock } from './clock';
import { validatePayload, type PayloadNames } from './payload-validation';
import {
  RequestScheduler,
  type RequestPriority,
  type RequestSchedulerOptions,
} from './request-scheduler';

export interface TokenProvider {
  /** The account's API key, or null when none is stored. Asked before every attempt. */
  getToken(): Promise<string | null>;
}

export interface OpencxClientOptions {
  /** e.g. https://api.open.cx, or the fake server's URL. */
  baseUrl: string;
  /** Electron's goes through the host's net.fetch; the Node hosts' through undici. */
  fetch: HttpFetch;
  tokenProvider: TokenProvider;
  scheduler: RequestScheduler;
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
}

export interface RequestOptions {
  priority: RequestPriority;
  signal?: AbortSignal;
}

/** Guards getHistory against a server whose cursors never end. */
const MAX_HISTORY_PAGES = 10_000;

/** Printable ASCII without spaces: anything else would make fetch throw, echoing the header. */
const SENDABLE_TOKEN = /^[\x21-\x7e]+$/;

const NAMES = {
  filter: { payload: 'filter response', element: { noun: 'session', listKey: 'data' } },
  history: { payload: 'history page', element: { noun: 'history event', listKey: 'items' } },
  tags: { payload: 'tag list', element: { noun: 'tag', listKey: null } },
} satisfies Record<string, PayloadNames>;

/** One request: where it goes, and the schema (with the words for its parts) its answer must pass. */
export interface ClientCall<S extends z.ZodType> {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | boolean | null | undefined>;
  body?: unknown;
  schema: S;
  names: PayloadNames;
}

/**
 * Typed access to the OpenCX endpoints the app uses. Every call goes through the account's
 * RequestScheduler (rate limit, priorities, retries, timeouts) and every answer is validated
 * with the tolerant schemas of src-shared/opencx. No sync logic lives here.
 */
export class OpencxClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: HttpFetch;
  private readonly tokenProvider: TokenProvider;
  readonly scheduler: RequestScheduler;
  private readonly timeoutMs: number;

  constructor(options: OpencxClientOptions) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new AppError('invalid_input', `The OpenCX base URL "${options.baseUrl}" is not a URL.`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new AppError(
        'invalid_input',
        `The OpenCX base URL must be http(s), got ${url.protocol}`,
      );
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch;
    this.tokenProvider = options.tokenProvider;
    this.scheduler = options.scheduler;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** POST /chat/sessions/filter. The body is checked against the strict schema before sending. */
  filterSessions(request: FilterRequest, opts: RequestOptions): Promise<FilterResponse> {
    return this.sendFilter(request, FilterResponseSchema, opts);
  }

  /**
   * POST /chat/sessions/filter read only for the ids and created_at of the sessions listed
   * (SessionRefPageSchema), for walks that store nothing.
   */
  filterSessionRefs(request: FilterRequest, opts: RequestOptions): Promise<SessionRefPage> {
    return this.sendFilter(request, SessionRefPageSchema, opts);
  }

  private sendFilter<S extends z.ZodType>(
    request: FilterRequest,
    schema: S,
    opts: RequestOptions,
  ): Promise<z.output<S>> {
    const parsed = FilterRequestSchema.safeParse(request);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? issue.path.map(String).join('.') : '';
      return Promise.reject(
        new AppError(
          'invalid_input',
          `The filter request is invalid${where ? ` at ${where}` : ''}: ${issue?.message ?? 'unknown problem'}.`,
        ),
      );
    }
    return this.send(
      {
        method: 'POST',
        path: '/chat/sessions/filter',
        body: parsed.data,
        schema,
        names: NAMES.filter,
      },
      opts,
    );
  }

  /** One page of GET /chat/sessions/{id}/history; pass the previous page's `next` as cursor. */
  getHistoryPage(id: string, cursor: string | null, opts: RequestOptions): Promise<HistoryPage> {
    return this.send(
      {
        method: 'GET',
        path: `/chat/sessions/${encodeId(id)}/history`,
        query: { cursor },
        schema: HistoryPageSchema,
        names: NAMES.history,
      },
      opts,
    );
  }

  /** The whole transcript: follows `next` until it is null. */
  async getHistory(id: string, opts: RequestOptions): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    const seen = new Set<string>();
    let cursor: string | null = null;
    for (let pages = 0; pages < MAX_HISTORY_PAGES; pages++) {
      const page: HistoryPage = await this.getHistoryPage(id, cursor, opts);
      events.push(...page.items);
      if (page.next === null) return events;
      if (seen.has(page.next)) {
        throw badResponseError(
          `OpenCX sent a history cursor for session ${id} that repeats an earlier one, at next.`,
          { unparseable: false },
        );
      }
      seen.add(page.next);
      cursor = page.next;
    }
    throw badResponseError(
      `OpenCX sent more than ${MAX_HISTORY_PAGES} history pages for session ${id}.`,
      { unparseable: false },
    );
  }

  /** GET /tags: every tag of the organisation (a tag's name is its identity). */
  listTags(opts: RequestOptions): Promise<Tag[]> {
    return this.send(
      { method: 'GET', path: '/tags', schema: TagListSchema, names: NAMES.tags },
      opts,
    );
  }

  /** Sends one call through the scheduler and validates the answer. */
  protected send<S extends z.ZodType>(
    call: ClientCall<S>,
    opts: RequestOptions,
  ): Promise<z.output<S>> {
    const label = `${call.method} ${call.path}`;
    const url = this.baseUrl + call.path + queryString(call.query);
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    return this.scheduler.run(
      async (signal) => {
        const token = (await this.tokenProvider.getToken())?.trim() ?? '';
        if (token === '') throw noTokenError();
        if (!SENDABLE_TOKEN.test(token)) {
          throw new OpencxApiError(
            'no_token',
            'The stored OpenCX API key contains spaces or control characters; enter it again.',
            { kind: 'no_token' },
          );
        }
        const headers: Record<string, string> = {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
        };
        if (body !== undefined) headers['content-type'] = 'application/json';

        let response: HttpAnswer;
        try {
          // A redirect would carry the key to wherever it points: never follow one.
          response = await this.fetchImpl(url, {
            method: call.method,
            headers,
            body,
            signal,
            redirect: 'manual',
          });
        } catch (error) {
          if (signal.aborted) throw signal.reason;
          throw networkError(label, error);
        }
        const clock: Clock = this.scheduler.clock;
        const rateLimit = readRateLimitHeaders(response.headers, clock.now());
        this.scheduler.observeServerBudget(rateLimit);

        let text: string;
        try {
          text = await response.text();
        } catch (error) {
          // The connection died mid-body: a transfer fault, retried like any network error.
          if (signal.aborted) throw signal.reason;
          throw networkError(label, error);
        }

        if (!response.ok) {
          const retryAfterMs =
            response.status === 429
              ? (readRetryAfterMs(response.headers, clock.now()) ??
                (rateLimit.resetSeconds !== null ? rateLimit.resetSeconds * 1000 : undefined))
              : undefined;
          const ctx = { status: response.status, request: label, bodyText: redact(text, token) };
          throw httpError(retryAfterMs === undefined ? ctx : { ...ctx, retryAfterMs });
        }

        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch (error) {
          throw badResponseError(
            `OpenCX answered ${label} with ${text.trim() === '' ? 'an empty body' : 'a body that is not valid JSON (truncated or garbled)'}.`,
            { unparseable: true, status: response.status, cause: error },
          );
        }
        return validatePayload(call.schema, json, call.names);
      },
      { priority: opts.priority, signal: opts.signal, timeoutMs: this.timeoutMs, label },
    );
  }
}

/** A session id as one path segment; an empty id is refused before anything is sent. */
export function encodeId(id: string): string {
  if (typeof id !== 'string' || id.trim() === '') {
    throw new AppError('invalid_input', 'A session id must be a non-empty string.');
  }
  return encodeURIComponent(id);
}

function queryString(query: ClientCall<z.ZodType>['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s === '' ? '' : `?${s}`;
}

/** The server might echo the key back in an error body; it must not reach our messages. */
function redact(text: string, token: string): string {
  return text.split(token).join('[redacted]');
}

export interface CreateOpencxClientOptions {
  baseUrl: string;
  tokenProvider: TokenProvider;
  /** Default: the Node hosts' transport (nodeHttpFetch). */
  fetch?: HttpFetch;
  /** Default: a new scheduler built from `schedulerOptions`. Share one per account. */
  scheduler?: RequestScheduler;
  schedulerOptions?: RequestSchedulerOptions;
  timeoutMs?: number;
}

/** A client with its own scheduler unless one is given (one scheduler per account). */
export function createOpencxClient(options: CreateOpencxClientOptions): OpencxClient {
  const clientOptions: OpencxClientOptions = {
    baseUrl: options.baseUrl,
    fetch: options.fetch ?? nodeHttpFetch,
    tokenProvider: options.tokenProvider,
    scheduler: options.scheduler ?? new RequestScheduler(options.schedulerOptions),
  };
  if (options.timeoutMs !== undefined) clientOptions.timeoutMs = options.timeoutMs;
  return new OpencxClient(clientOptions);
}
