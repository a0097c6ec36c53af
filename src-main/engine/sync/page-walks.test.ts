import { describe, expect, it } from 'vitest';
import type { Session } from '../../../src-shared/opencx/session';
import type { PagerStep } from './created-at-pager';
import { commitPages, type CommitBatch, type WalkState } from './page-walks';
import { sessionCreatedAt } from './testing/array-sync-source';

type State = WalkState<number>;

/** A walk of `count` one-session pages whose position is the page number; may fail after `failAfter`. */
async function* pages(count: number, failAfter = Infinity): AsyncGenerator<PagerStep<number>> {
  for (let page = 1; page <= count; page++) {
    if (page > failAfter) throw new Error('offline');
    await Promise.resolve();
    yield { sessions: [sessionCreatedAt(page, page * 1000)], next: page, done: page === count };
  }
}

/** The transactions a store was asked for: the pages written into each and the state saved last. */
function recordingStore() {
  const commits: { ids: string[]; saved: State }[] = [];
  let open: { ids: string[]; saved: State } | null = null;
  return {
    commits,
    writeSessionPage(sessions: readonly Session[], _seenAt: string, resume: { value: unknown }) {
      open ??= { ids: [], saved: resume.value as State };
      open.ids.push(...sessions.map((s) => s.id));
      open.saved = resume.value as State;
    },
    commitSessionPages() {
      if (open) commits.push(open);
      open = null;
    },
  };
}

function walkOf(count: number, batch: CommitBatch, failAfter?: number) {
  const committed: number[] = [];
  return {
    committed,
    walk: {
      key: 'walk',
      state: { started_at: '2026-01-01T00:00:00.000Z', position: 0, sessions_done: false },
      walk: () => pages(count, failAfter),
      counters: { pages: 0, sessions: 0 },
      onPage: (state: State) => committed.push(state.position),
      batch,
    },
  };
}

const never: CommitBatch = { windowMs: Infinity, maxPages: 3, now: () => 0 };
const always: CommitBatch = { windowMs: 0, maxPages: 3, now: () => 0 };

describe('commitPages', () => {
  it('commits pages that arrive within the window together, each batch with its last resume point', async () => {
    const store = recordingStore();
    const { walk, committed } = walkOf(7, never);
    const end = await commitPages(store, walk);
    expect(store.commits.map((c) => c.ids.length)).toEqual([3, 3, 1]);
    expect(store.commits.map((c) => c.saved.position)).toEqual([3, 6, 7]);
    expect(store.commits.map((c) => c.saved.sessions_done)).toEqual([false, false, true]);
    // Progress is reported per page, once the page is written.
    expect(committed).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(walk.counters).toEqual({ pages: 7, sessions: 7 });
    expect(end).toMatchObject({ position: 7, sessions_done: true });
  });

  it('commits each page alone once the window has passed since the last commit', async () => {
    const store = recordingStore();
    await commitPages(store, walkOf(4, always).walk);
    expect(store.commits.map((c) => c.saved.position)).toEqual([1, 2, 3, 4]);
  });

  it('lets the event loop turn before each synchronous write, so a request already asked for goes out first', async () => {
    // What the walk queued when it handed a page over: fetch writes a request to its socket on
    // such a later turn, and the write that follows blocks the thread.
    const sent = new Set<number>();
    const sentBeforeWrite: boolean[] = [];
    async function* asking(): AsyncGenerator<PagerStep<number>> {
      for (let page = 1; page <= 3; page++) {
        setImmediate(() => sent.add(page));
        yield { sessions: [sessionCreatedAt(page, page * 1000)], next: page, done: page === 3 };
      }
    }
    const store = {
      writeSessionPage(_sessions: readonly Session[], _seenAt: string, resume: { value: unknown }) {
        sentBeforeWrite.push(sent.has((resume.value as State).position));
      },
      commitSessionPages: () => undefined,
    };
    await commitPages(store, { ...walkOf(3, always).walk, walk: asking });
    expect(sentBeforeWrite).toEqual([true, true, true]);
  });

  it('keeps the pages delivered before a failure, then reports the failure', async () => {
    const store = recordingStore();
    const { walk, committed } = walkOf(10, never, 4);
    await expect(commitPages(store, walk)).rejects.toThrow('offline');
    expect(store.commits.map((c) => c.saved.position)).toEqual([3, 4]);
    expect(committed).toEqual([1, 2, 3, 4]);
  });

  it('does not commit a batch twice when its commit fails', async () => {
    let calls = 0;
    const store = {
      writeSessionPage: () => undefined,
      commitSessionPages() {
        calls++;
        throw new Error('disk full');
      },
    };
    await expect(commitPages(store, walkOf(5, never).walk)).rejects.toThrow('disk full');
    expect(calls).toBe(1);
  });
});
