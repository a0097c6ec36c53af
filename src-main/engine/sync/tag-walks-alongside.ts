import type { SessionFilter } from '../../../src-shared/filter/session-filter';
import type { Tag } from '../../../src-shared/opencx/tag';
import { RaisableLimit } from './concurrent-each';
import { forEachTagMembers, type PageCounters } from './page-walks';
import type { SyncSource } from './sync-ports';

// A full pass sends its tag membership walks out alongside its session walk. The session walk
// keeps the engine's thread busy writing pages while the server is idle half of the time; the
// tag walks after it kept the server busy while the thread waited (a full sync of 100,000
// sessions: 20-22 s with the tag walks after the sessions, 16.6-17.2 s alongside). A tag's
// members can only be stored once the sessions are (members of sessions not yet stored would be
// lost), so the tags whose walks end first wait in memory until then.
//
// Alongside, one tag is walked at a time; once the sessions are stored, `atOnce`. A tag page
// costs the server as much as a session page, and it answers requests in turn: with three tag
// walks beside it, the session walk's next page waited behind three others and the engine's
// thread sat idle a third of the walk's first half. One tag walk still has the server's spare
// time, and what is left of the tags then gets all of it. A full sync of 100,000 sessions, three
// alternating runs each: the session walk ended 0.25-0.3 s sooner, the whole sync 0.1-0.15 s
// (7.0 s against 7.1 s).

export interface TagWalksAlongsideOptions {
  source: SyncSource;
  scope: SessionFilter;
  /** Tags the pass stored before it was interrupted: not walked again. */
  done: readonly string[];
  signal: AbortSignal;
  counters: PageCounters;
  /** Tag walks at a time once the sessions are stored (one until then). */
  atOnce: number;
  storeCatalog(tags: Tag[]): void;
  /** Stores one tag's members with its place in the pass's resume point. */
  storeTag(tagName: string, ids: string[]): void;
}

export interface TagWalksAlongside {
  /**
   * For once the sessions are stored: stores the catalog, then each tag's members, those whose
   * walks have ended first, the others as their walks end. Settles when every tag is stored;
   * rejects with the first failure of the walks (a crash or a failure before a tag is stored
   * walks it again).
   */
  storeAfterSessions(): Promise<void>;
  /**
   * For once the sessions are stored, when something else comes before storeAfterSessions:
   * walks `atOnce` tags at a time from now on (storeAfterSessions does too).
   */
  walkAllAtOnce(): void;
  /** For a session walk that failed: stops the walks and waits for them to end. */
  stop(reason: unknown): Promise<void>;
}

export function startTagWalks(options: TagWalksAlongsideOptions): TagWalksAlongside {
  const { signal } = options;
  const walks = new AbortController();
  const stopWalks = () => walks.abort(signal.reason);
  signal.addEventListener('abort', stopWalks, { once: true });

  let sessionsStored = false;
  const atOnce = new RaisableLimit(1);
  const waiting: [string, string[]][] = [];
  let listed: (tags: Tag[]) => void = () => undefined;
  const catalog = new Promise<Tag[]>((resolve) => (listed = resolve));
  const walked = (async () => {
    const request = { priority: 'background', signal: walks.signal } as const;
    const tags = await options.source.listTags(request);
    listed(tags);
    const pending = tags.map((tag) => tag.tag_name).filter((name) => !options.done.includes(name));
    const each = { atOnce, options: request, counters: options.counters };
    await forEachTagMembers(options.source, options.scope, pending, each, (tagName, ids) => {
      if (sessionsStored) options.storeTag(tagName, ids);
      else waiting.push([tagName, ids]);
    });
  })();
  // Settled at once, so that a walk failing while the sessions are walked is not unhandled.
  const outcome = walked.then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  void outcome.then(() => signal.removeEventListener('abort', stopWalks));

  return {
    walkAllAtOnce() {
      atOnce.raiseTo(options.atOnce);
    },
    async storeAfterSessions() {
      atOnce.raiseTo(options.atOnce);
      // The catalog, unless the walks failed before it came.
      const first = await Promise.race([catalog, outcome]);
      if ('ok' in first && !first.ok) throw first.error;
      options.storeCatalog(await catalog);
      sessionsStored = true;
      for (const [tagName, ids] of waiting.splice(0)) options.storeTag(tagName, ids);
      const ended = await outcome;
      if (!ended.ok) throw ended.error;
    },
    async stop(reason) {
      walks.abort(reason);
      await outcome;
    },
  };
}
