import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import { forEachConcurrently } from './concurrent-each';
import { OLDEST_FIRST, walkCreatedAt, type PagerStep } from './created-at-pager';
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
  /** After each page is committed: progress, bookkeeping. */
  onPage(state: S, step: PagerStep<S['position']>): void;
}

/**
 * Commits each page of the walk together with the state advanced to that page's resume point,
 * in one transaction: a walk killed at any moment resumes after the last page it committed.
 * Returns the state after the last page (sessions_done once the walk has ended).
 */
export async function commitPages<S extends WalkState<unknown>>(
  store: Pick<SyncStore, 'commitSessionPage'>,
  walk: CommitPages<S>,
): Promise<S> {
  let state = walk.state;
  for await (const step of walk.walk(state.position)) {
    state = { ...state, position: step.next, sessions_done: step.done };
    store.commitSessionPage(step.sessions, state.started_at, { key: walk.key, value: state });
    walk.counters.pages += 1;
    walk.counters.sessions += step.sessions.length;
    walk.onPage(state, step);
  }
  return state;
}

export interface TagWalks {
  /** How many tags are walked at once: each is a sequence of pages, so a few overlap waiting. */
  atOnce: number;
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
    for await (const step of walkCreatedAt(source, OLDEST_FIRST, tagged, start, walks.options)) {
      for (const session of step.sessions) ids.add(session.id);
      walks.counters.pages += 1;
    }
    onTag(tagName, [...ids]);
  });
}
