import { beforeEach, describe, expect, it } from 'vitest';
import type { RendererApi } from '../../../src-shared/contract/api';
import { ListColumnPrefsSchema } from '../../../src-shared/contract/list-column-prefs-schema';
import type { ListColumnPrefs } from '../../../src-shared/contract/list-columns';
import { Columns, normalizePrefs } from './columns.svelte';

// The grid's columns are the engine's to keep (workspace.columns.*): the page loads the active
// account's choice, saves every change in order, and hands over a choice an earlier build kept
// in the page's storage.

let stored: ListColumnPrefs | null;
let saves: unknown[];

beforeEach(() => {
  stored = null;
  saves = [];
  localStorage.clear();
  window.api = {
    'workspace.columns.load': () => Promise.resolve({ ok: true, value: { columns: stored } }),
    'workspace.columns.save': (input: ListColumnPrefs) => {
      const parsed = ListColumnPrefsSchema.safeParse(input);
      if (!parsed.success) {
        return Promise.resolve({
          ok: false,
          error: { code: 'invalid_input', message: parsed.error.message },
        });
      }
      saves.push(input);
      stored = parsed.data;
      return Promise.resolve({ ok: true, value: { saved: true } });
    },
  } as unknown as RendererApi;
});

describe('the grid’s columns', () => {
  it('normalises any stored choice into one the contract accepts, each column once', () => {
    const prefs = normalizePrefs({
      order: ['tags', 'ticket', 'tags', 'nope'],
      hidden: ['channel', 'assignee', 'channel'],
      widths: { tags: 10_000, ticket: 99.6, nope: 100 },
    });
    expect(ListColumnPrefsSchema.safeParse(prefs).success).toBe(true);
    expect(prefs.order.slice(0, 2)).toEqual(['tags', 'ticket']);
    expect(prefs.widths).toEqual({ tags: 800, ticket: 100 });
  });

  it('loads the account’s choice from the engine and saves each change there, in order', async () => {
    stored = { order: ['status', 'ticket'], hidden: [], widths: { status: 200 } };
    const columns = new Columns();
    await columns.useAccount('acme');
    expect(columns.visible.slice(0, 2)).toEqual(['status', 'ticket']);
    expect(columns.widthOf('status')).toBe(200);

    columns.setShown('tags', true);
    columns.setWidth('tags', 240);
    await columns.flushed();
    expect(saves).toHaveLength(2);
    expect(stored?.widths.tags).toBe(240);
    expect(stored?.hidden).not.toContain('tags');
  });

  it('copies a choice an earlier build kept in the page’s storage to the engine, once', async () => {
    localStorage.setItem(
      'session-desk:columns:acme',
      JSON.stringify({ order: ['tags', 'ticket'], hidden: ['channel'], widths: { tags: 300 } }),
    );
    const columns = new Columns();
    await columns.useAccount('acme');
    await columns.flushed();
    expect(columns.visible.slice(0, 2)).toEqual(['tags', 'ticket']);
    expect(stored).toMatchObject({ widths: { tags: 300 } });

    await new Columns().useAccount('acme');
    expect(saves).toHaveLength(1);
  });
});
