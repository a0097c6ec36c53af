import { AppError } from '../../../src-shared/contract/app-error';
import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import { toApiFilters } from '../api/filter-to-api';
import type { CreatedRange } from '../store/cache/created-range';
import { NEWEST_FIRST, walkCreatedAt } from './created-at-pager';
import { commitPages, forEachTagMembers } from './page-walks';
import type { SyncSource, SyncStore } from './sync-ports';
import {
  BackfillPassSchema,
  IsoString,
  readState,
  STATE_KEYS,
  type BackfillPass,
} from './sync-state';

/** A backfill always ends at the scope start; it may begin where the last one ended. */
export type BackfillRange = CreatedRange & { to: string };

export interface BackfillSummary {
  /** Nothing created before the scope is left to fetch (also true when there is no scope). */
  done: boolean;
  cancelled: boolean;
  /** The created_at span this pass covered, or null when there was nothing to do. */
  range: BackfillRange | null;
  sessions_upserted: number;
  pages: number;
  started_at: string;
  finished_at: string;
}

export interface BackfillContext {
  source: SyncSource;
  store: SyncStore;
  now: () => number;
  /**
   * The earliest `seen_at` a sync running right now writes, or null. A new backfill counts as
   * started no later than that, so its deletion sweep never mistakes a session that sync saw
   * (and stamped with its own, earlier, start) for one the server deleted.
   */
  runningSyncSeenAt: () => string | null;
  report: (counters: { pages: number; sessions: number }, etaMs: number | null) => void;
}

const TAG_WALKS_AT_ONCE = 2;

/**
 * The background backfill: sessions created before the scope of the last complete full pass,
 * newest first, then their tag membership, then a deletion sweep over the same span. Every
 * request waits for spare budget and goes at 'backfill' priority, so it never delays what the
 * user or the delta waits for. Each page is committed with its resume point; a cancelled or
 * crashed backfill continues where it stopped.
 *
 * Without `force`, only what the last complete backfill did not cover is walked (the scope
 * start moves forward as days pass); with `force`, everything before the scope is walked and
 * swept again — the periodic sweep that finds old sessions deleted on the server.
 */
export async function runBackfillPass(
  ctx: BackfillContext,
  request: { force: boolean },
  signal: AbortSignal,
): Promise<BackfillSummary> {
  const { store, now } = ctx;
  const startedAt = new Date(now()).toISOString();
  const counters = { pages: 0, sessions: 0 };
  const summary = (
    done: boolean,
    cancelled: boolean,
    range: BackfillRange | null,
  ): BackfillSummary => ({
    done,
    cancelled,
    range,
    sessions_upserted: counters.sessions,
    pages: counters.pages,
    started_at: startedAt,
    finished_at: new Date(now()).toISOString(),
  });
  const source = spareOnly(ctx.source);
  let rangeSoFar: BackfillRange | null = null;
  try {
    const resumed = readState(store.getSyncState(STATE_KEYS.backfill), BackfillPassSchema);
    let pass: BackfillPass;
    if (resumed) pass = resumed;
    else {
      const fresh = rangeToBackfill(store, request.force);
      if (!fresh) return summary(true, false, null);
      pass = {
        started_at: earlier(startedAt, ctx.runningSyncSeenAt()),
        range: fresh,
        oldest: await oldestIn(source, fresh, signal),
        position: { before: null, page: 1 },
        sessions_done: false,
        tags_done: [],
      };
      store.setSyncState(STATE_KEYS.backfill, pass);
    }
    rangeSoFar = pass.range;
    const range: BackfillRange = pass.range;
    const scope = rangeScope(range);
    const eta = etaEstimator(pass, now);

    if (!pass.sessions_done) {
      pass = await commitPages(store, {
        key: STATE_KEYS.backfill,
        state: pass,
        walk: (start) =>
          walkCreatedAt(source, NEWEST_FIRST, scope, start, { priority: 'backfill', signal }),
        nextPageSoon: () => (source.budgetLeft() ?? 1) > 0,
        counters,
        onPage: (state) => ctx.report(counters, eta(state)),
      });
    }

    // The cached catalog, kept current by every sync: a tag new since then changed its sessions'
    // updated_at, so the delta brings those in.
    const tags = store.tagNames().filter((name) => !pass.tags_done.includes(name));
    await forEachTagMembers(
      source,
      scope,
      tags,
      { atOnce: TAG_WALKS_AT_ONCE, options: { priority: 'backfill', signal }, counters },
      (tagName, members) => {
        pass = { ...pass, tags_done: [...pass.tags_done, tagName] };
        const next = pass;
        store.transaction(() => {
          try {
            store.replaceTagMembersCreatedIn(tagName, members, range, next.started_at);
          } catch (error) {
            // Dropped from the catalog by a sync meanwhile: nothing left to record.
            if (!(error instanceof AppError && error.code === 'not_found')) throw error;
          }
          store.setSyncState(STATE_KEYS.backfill, next);
        });
        ctx.report(counters, null);
      },
    );

    const finished = pass;
    store.transaction(() => {
      store.markUnseenDeletedCreatedIn(finished.started_at, range);
      store.setSyncState(STATE_KEYS.backfilledTo, range.to);
      store.setSyncState(STATE_KEYS.backfill, null);
    });
    return summary(true, false, range);
  } catch (error) {
    if (!signal.aborted) throw error;
    return summary(false, true, rangeSoFar);
  }
}

/** What is left to backfill: before the scope start, after what the last backfill covered. */
function rangeToBackfill(store: SyncStore, force: boolean): BackfillRange | null {
  const boundary = readState(store.getSyncState(STATE_KEYS.scopeFrom), IsoString);
  if (!boundary) return null;
  const covered = force ? null : readState(store.getSyncState(STATE_KEYS.backfilledTo), IsoString);
  if (covered !== null && Date.parse(covered) >= Date.parse(boundary)) return null;
  return { from: covered, to: boundary };
}

function rangeScope(range: CreatedRange): SessionFilter {
  return {
    created_at: {
      ...(range.from ? { from: range.from } : {}),
      ...(range.to ? { to: range.to } : {}),
    },
  };
}

/** One cheap request: the oldest session in the range, to tell progress against. */
async function oldestIn(
  source: SyncSource,
  range: BackfillRange,
  signal: AbortSignal,
): Promise<string | null> {
  const response = await source.filterSessions(
    {
      filters: toApiFilters(rangeScope(range), new Date()),
      sort_by: 'created_at',
      sort_order: 'asc',
      page: 1,
      limit: 1,
    },
    { priority: 'backfill', signal },
  );
  return response.data[0]?.created_at ?? null;
}

/** Every page of the backfill waits for spare budget before it is requested. */
function spareOnly(source: SyncSource): SyncSource {
  return {
    ...source,
    filterSessions: async (request, options) => {
      await source.waitForSpareBudget(options.signal);
      return source.filterSessions(request, options);
    },
    filterSessionRefs: async (request, options) => {
      await source.waitForSpareBudget(options.signal);
      return source.filterSessionRefs(request, options);
    },
  };
}

/**
 * The walk moves from the range's end down to its oldest session, so the position says how far
 * it is; the rate is measured over this run only (a backfill may have paused for days).
 */
function etaEstimator(pass: BackfillPass, now: () => number) {
  const top = Date.parse(pass.range.to);
  const bottom = pass.oldest === null ? null : Date.parse(pass.oldest);
  const fraction = (before: string | null) =>
    bottom === null || before === null || top <= bottom
      ? 0
      : Math.min(1, (top - Date.parse(before)) / (top - bottom));
  const runStart = now();
  const startFraction = fraction(pass.position.before);
  return (current: BackfillPass): number | null => {
    const done = fraction(current.position.before);
    const progressed = done - startFraction;
    const elapsed = now() - runStart;
    if (current.sessions_done || progressed <= 0.01 || elapsed <= 0) return null;
    return Math.round((elapsed / progressed) * (1 - done));
  };
}

function earlier(a: string, b: string | null): string {
  return b !== null && Date.parse(b) < Date.parse(a) ? b : a;
}
