import { setImmediate as nextTurn } from 'node:timers/promises';
import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import { forEachConcurrently, type RaisableLimit } from './concurrent-each';
import { OLDEST_FIRST, walkSessionRefs, type PagerStep } from './created-at-pager';
import type { SyncRequestOptions, SyncSource, SyncStore } from './sync-ports';

// The two things a sync does with paged walks: commit every page with its resume point (the
// full pass, the delta, the backfill), or only collect the ids they list (tag membership).

export interface PageCounters {
  pages: number;
  sessions: number;
}

/** The state row of a resumable walk: where its pages stand and whether they are all in. */
export interface WalkState<P> {
  /** Every session the walk commits is stamped seen at this instant (for deletion sweeps). */
  started_at: string;
  position: P;
  sessions_done: boolean;
}

export interface CommitPages<S extends WalkState<unknown>> {
  /** The sync-state key the state is saved under with each page. */
  key: string;
  state: S;
  /** Starts the walk at a position (the state's, so a resumed walk goes on where it stopped). */
  walk(start: S['position']): AsyncIterable<PagerStep<S['position']>>;
  counters: PageCounters;
  /** After each page is written (this process reads it at once): progress, bookkeeping. */
  onPage(state: S, step: PagerStep<S['position']>): void;
  /**
   * Whether the next page can come at once (the rate limit leaves room for it). When it cannot,
   * the pages held are committed now rather than after the wait. Default: always.
   */
  nextPageSoon?: () => boolean;
  /** How pages are grouped into transactions (default: COMMIT_BATCH). */
  batch?: CommitBatch;
}

/**
 * Pages that arrive faster than a transaction's fixed cost is worth paying share one: a commit
 * writes every B-tree page it touched to the WAL, and the pages of the random-keyed indexes
 * (session id, contact, custom values) are mostly the same ones for the next few hundred
 * sessions. Measured at 20,000 sessions: 4.3 WAL frames and ~190 µs of CPU per session with
 * one page per transaction, 1.1 frames and ~130 µs with ten. At 100,000 sessions a commit every
 * second (up to 80 pages) instead of every 250 ms (up to 20) took the bench's session walk from
 * 2.26-2.36x its floor to 2.08-2.22x (three alternating runs each): each commit writes most
 * leaves of those indexes again, however few sessions it holds. Every 2 s (up to 160 pages)
 * took the commits' time from 1.26-1.51 s to 0.95-1.08 s of such a sync (two alternating runs
 * each); every 4 s did no better than 2 s.
 */
export interface CommitBatch {
  /**
   * Pages written go on waiting for a commit while the last commit is more recent than this:
   * on a fast link several pages share one transaction, while a walk slowed by the network (a
   * page a second or slower) or held back by the rate limit (nextPageSoon) still commits each
   * page as it arrives, so other programs reading the cache see it fill in as before.
   */
  windowMs: number;
  /** At most this many pages in one transaction. */
  maxPages: number;
  /** The clock the window is measured on. */
  now(): number;
}

export const COMMIT_BATCH: CommitBatch = {
  windowMs: 2_000,
  maxPages: 160,
  now: () => performance.now(),
};

/**
 * Stores the walk's pages as they arrive, each with the state advanced to its resume point,
 * and commits them in batches (CommitBatch): a walk killed at any moment resumes after the last
 * page committed (at most two seconds of fetching is fetched again). Each page is
 * written while the server prepares the next one, which the walk has already asked for, so a
 * sync costs about the slower of fetching and writing rather than their sum. When the walk
 * fails or is cancelled, the pages written before are committed first; a write that fails
 * rolls back the pages not yet committed, whose resume point goes back with them. Returns the
 * state after the last page (sessions_done once the walk has ended).
 */
export async function commitPages<S extends WalkState<unknown>>(
  store: Pick<SyncStore, 'writeSessionPage' | 'commitSessionPages'>,
  walk: CommitPages<S>,
): Promise<S> {
  const batch = walk.batch ?? COMMIT_BATCH;
  let state = walk.state;
  let held = 0;
  let lastCommit = batch.now();
  const commit = () => {
    if (held === 0) return;
    // Cleared before committing, so that a failed commit is not tried again by the error path.
    held = 0;
    store.commitSessionPages();
    lastCommit = batch.now();
  };
  try {
    for await (const step of walk.walk(state.position)) {
      state = { ...state, position: step.next, sessions_done: step.done };
      // The walk has already asked for its next page, but fetch writes a request to its socket
      // only on a later turn of the event loop: one turn lets it go out, so the server prepares
      // that page while this thread is blocked in the synchronous write. Without it the server
      // sat idle through every write and a sync cost fetching plus writing, not the slower.
      await nextTurn();
      store.writeSessionPage(step.sessions, state.started_at, { key: walk.key, value: state });
      held += 1;
      walk.counters.pages += 1;
      walk.counters.sessions += step.sessions.length;
      walk.onPage(state, step);
      const due = batch.now() - lastCommit >= batch.windowMs;
      const late = walk.nextPageSoon ? !walk.nextPageSoon() : false;
      if (step.done || due || late || held >= batch.maxPages) commit();
    }
  } catch (error) {
    // Every page written is whole and carries its resume point: keep them.
    commit();
    throw error;
  }
  commit();
  return state;
}

export interface TagWalks {
  /** How many tags are walked at once: each is a sequence of pages, so a few overlap waiting. */
  atOnce: number | RaisableLimit;
  options: SyncRequestOptions;
  counters: PageCounters;
}

/**
 * The members of each tag among the sessions in `scope`, found by one tag query each (sessions
 * carry no tags), a few tags at once. Pages are counted, nothing is stored: `onTag` records each
 * tag's session ids as its walk completes.
 */
export async function forEachTagMembers(
  source: SyncSource,
  scope: SessionFilter,
  tagNames: readonly string[],
  walks: TagWalks,
  onTag: (tagName: string, members: string[]) => void,
): Promise<void> {
  await forEachConcurrently(tagNames, walks.atOnce, async (tagName) => {
    const ids = new Set<string>();
    const tagged: SessionFilter = { ...scope, tags: [tagName] };
    const start = OLDEST_FIRST.at(null, 1);
    for await (const step of walkSessionRefs(source, OLDEST_FIRST, tagged, start, walks.options)) {
      for (const session of step.sessions) ids.add(session.id);
      walks.counters.pages += 1;
    }
    onTag(tagName, [...ids]);
  });
}
