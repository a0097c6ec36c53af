import { beforeEach, describe, expect, it } from 'vitest';
import type { RendererApi } from '../../../src-shared/contract/api';
import type { SessionsListInput } from '../../../src-shared/contract/channels';
import type { Session } from '../../../src-shared/opencx/session';
import { SessionQuery } from './session-query.svelte';

// What the list shows between a new query and its answer: the rows already on screen, so that
// a filter click updates them in place; but never another account's.

function session(id: string, status: string): Session {
  return {
    id,
    status,
    channel: { type: 'web' },
    ticket_number: 1,
    assist_mode: false,
    created_at: '2026-11-01T10:00:00.000Z',
    updated_at: '2026-11-02T10:00:00.000Z',
    contact: { id: `c-${id}`, name: `Contact ${id}` },
  };
}

const all = [session('a', 'open'), session('b', 'closed_resolved')];
/** Answers held until the test lets them through, oldest first. */
let held: (() => void)[];

beforeEach(() => {
  held = [];
  window.api = {
    'sessions.list': (input: SessionsListInput = {}) =>
      new Promise((resolve) => {
        const statuses = input.filter?.status;
        const items = statuses ? all.filter((s) => statuses.includes(s.status as never)) : all;
        held.push(() =>
          resolve({
            ok: true,
            value: { items, total: items.length, next_cursor: null, sorted_by: 'updated_at' },
          }),
        );
      }),
  } as unknown as RendererApi;
});

/** Lets the held answers through and waits for `settled`. */
async function answer(settled: Promise<void>): Promise<void> {
  while (held.length > 0) held.shift()?.();
  await settled;
}

describe('the list between a new query and its answer', () => {
  it("shows the previous filter's rows, stale and not acted on, until the answer replaces them", async () => {
    const query = new SessionQuery();
    await answer(query.refresh());
    expect(query.rows.shownAt(0)?.session.id).toBe('a');

    query.setFilter({ status: ['closed_resolved'] });
    expect(query.rows.stale).toBe(true);
    expect(query.rows.shownAt(0)?.session.id).toBe('a');
    expect(query.rows.peek(0)).toBeUndefined();
    await answer(new Promise((resolve) => setTimeout(resolve, 0)));
    await expect.poll(() => query.rows.stale).toBe(false);
    expect(query.rows.shownAt(0)?.session.id).toBe('b');
  });

  it("never shows another account's rows while the new account's list loads", async () => {
    const query = new SessionQuery();
    await answer(query.refresh());
    expect(query.rows.shownAt(0)?.session.id).toBe('a');

    query.accountChanged('the-previous-account');
    const switched = query.refresh();
    expect(query.rows.stale).toBe(false);
    expect(query.rows.shownAt(0)).toBeUndefined();
    await answer(switched);
    expect(query.rows.shownAt(0)?.session.id).toBe('a');
  });
});
