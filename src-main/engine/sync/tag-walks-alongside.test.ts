import { describe, expect, it } from 'vitest';
import type { SessionRefPage } from '../api/session-ref-page';
import type { CreatedAtPageRequest, SyncSource } from './sync-ports';
import { startTagWalks } from './tag-walks-alongside';

/** A source of `tags` tags of one page each, whose pages wait until the test lets them go. */
function gatedTagSource(tags: number) {
  const waiting: (() => void)[] = [];
  let inFlight = 0;
  let most = 0;
  const source: SyncSource = {
    filterSessions: () => Promise.reject(new Error('no session walk here')),
    async filterSessionRefs(request: CreatedAtPageRequest): Promise<SessionRefPage> {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise<void>((resolve) => waiting.push(resolve));
      inFlight -= 1;
      const tag = request.filters.tags?.[0] ?? '?';
      const data = [{ id: `member-of-${tag}`, created_at: '2026-01-01T00:00:00.000Z' }];
      return { data, has_next: false };
    },
    listTags: () =>
      Promise.resolve(Array.from({ length: tags }, (_, i) => ({ tag_name: `tag-${i}` }))),
    budgetLeft: () => null,
    waitForSpareBudget: () => Promise.resolve(),
  };
  const turn = () => new Promise((resolve) => setImmediate(resolve));
  return {
    source,
    inFlight: () => inFlight,
    most: () => most,
    async answerAll() {
      for (let i = 0; i < 100 && (waiting.length > 0 || inFlight > 0); i++) {
        waiting.splice(0).forEach((answer) => answer());
        await turn();
      }
    },
    async answerOne() {
      waiting.shift()?.();
      await turn();
      await turn();
    },
    turn,
  };
}

describe('tag walks alongside a session walk', () => {
  it('walk one tag at a time while the sessions are walked, then `atOnce` of them', async () => {
    const gate = gatedTagSource(8);
    const stored: string[] = [];
    const walks = startTagWalks({
      source: gate.source,
      scope: {},
      done: [],
      signal: new AbortController().signal,
      counters: { pages: 0, sessions: 0 },
      atOnce: 3,
      storeCatalog: () => undefined,
      storeTag: (tagName) => stored.push(tagName),
    });
    await gate.turn();
    await gate.answerOne();
    await gate.answerOne();
    // Two tags walked so far, never two pages at once, and none stored before the sessions.
    expect(gate.most()).toBe(1);
    expect(stored).toEqual([]);
    const after = walks.storeAfterSessions();
    await gate.turn();
    expect(gate.inFlight()).toBe(3);
    await gate.answerAll();
    await after;
    expect(gate.most()).toBe(3);
    expect(stored).toHaveLength(8);
    expect(stored.slice(0, 2)).toEqual(['tag-0', 'tag-1']);
  });
});
