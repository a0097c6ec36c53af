import { describe, expect, it } from 'vitest';
import type { RendererApi } from '../../../src-shared/contract/api';
import type { SessionsPage } from '../../../src-shared/contract/results';
import { savedViews } from './saved-views.svelte';
import { sessionQuery } from './session-query.svelte';

// The engine answers one call at a time. At start-up, counting every saved view (a count per
// view over the whole cache) came before the first list and held it up: the counts wait for it.

const EMPTY_PAGE: SessionsPage = {
  items: [],
  total: 0,
  next_cursor: null,
  sorted_by: 'last_message_at',
};

describe('the saved views counts', () => {
  it('are asked for only once the first list is answered, and at once after that', async () => {
    const asked: string[] = [];
    let answerList: () => void = () => undefined;
    window.api = {
      'sessions.list': () => {
        asked.push('sessions.list');
        return new Promise((resolve) => {
          answerList = () => resolve({ ok: true, value: EMPTY_PAGE });
        });
      },
      'views.counts': () => {
        asked.push('views.counts');
        return Promise.resolve({
          ok: true,
          value: { counts: { v1: 3 }, skipped: [], elapsed_ms: 0 },
        });
      },
      on: () => () => undefined,
    } as unknown as RendererApi;

    const counted = savedViews.loadCounts();
    const listed = sessionQuery.refresh();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(asked).toEqual(['sessions.list']);

    answerList();
    await listed;
    await counted;
    expect(asked).toEqual(['sessions.list', 'views.counts']);
    expect(savedViews.counts).toEqual({ v1: 3 });

    await savedViews.loadCounts();
    expect(asked).toEqual(['sessions.list', 'views.counts', 'views.counts']);
  });
});
