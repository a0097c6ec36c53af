import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Tag } from '../../../src-shared/opencx/tag';
import type { CacheStore } from './cache-store';
import { makeSession } from './testing/make-session';
import { openTempCache } from './testing/temp-dir';

// The writes the backfill makes over one span of created_at: [from, to), open-ended when null.

let store: CacheStore;
let dispose: () => void;
beforeEach(() => ({ store, dispose } = openTempCache()));
afterEach(() => dispose());

const tag = (tag_name: string): Tag => ({
  tag_name,
  description: null,
  exclude_from_auto_tagging: false,
  category_id: null,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
});

const JAN = '2026-01-10T00:00:00.000Z';
const FEB = '2026-02-10T00:00:00.000Z';
const MAR = '2026-03-10T00:00:00.000Z';

describe('CacheStore over a created_at range', () => {
  it('replaces a tag’s members only among sessions created in the range', () => {
    const jan = makeSession({ created_at: JAN, updated_at: JAN });
    const feb = makeSession({ created_at: FEB, updated_at: FEB });
    const mar = makeSession({ created_at: MAR, updated_at: MAR });
    store.upsertSessions([jan, feb, mar], MAR);
    store.replaceTagCatalog([tag('billing')]);
    store.setTagMembers('billing', [jan.id, mar.id]);

    store.replaceTagMembersCreatedIn('billing', [feb.id], { from: null, to: MAR }, null);

    expect(store.tagsOfSession(jan.id)).toEqual([]);
    expect(store.tagsOfSession(feb.id)).toEqual(['billing']);
    expect(store.tagsOfSession(mar.id)).toEqual(['billing']);
  });

  it('leaves alone sessions updated at or after updatedBefore: their delta sets their tags', () => {
    const stale = makeSession({ created_at: JAN, updated_at: JAN });
    const changed = makeSession({ created_at: JAN, updated_at: MAR });
    store.upsertSessions([stale, changed], MAR);
    store.replaceTagCatalog([tag('billing')]);
    store.setTagMembers('billing', [changed.id]);

    store.replaceTagMembersCreatedIn('billing', [stale.id], { from: null, to: FEB }, FEB);

    expect(store.tagsOfSession(stale.id)).toEqual(['billing']);
    expect(store.tagsOfSession(changed.id)).toEqual(['billing']);
  });

  it('refuses a tag that is not in the catalog', () => {
    expect(() =>
      store.replaceTagMembersCreatedIn('ghost', [], { from: null, to: FEB }, null),
    ).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('sweeps as deleted only the unseen sessions created in the range', () => {
    const oldUnseen = makeSession({ created_at: JAN, updated_at: JAN });
    const oldSeen = makeSession({ created_at: JAN, updated_at: JAN });
    const recentUnseen = makeSession({ created_at: MAR, updated_at: MAR });
    store.upsertSessions([oldUnseen, recentUnseen], JAN);
    store.upsertSessions([oldSeen], MAR);

    const swept = store.markUnseenDeletedCreatedIn(FEB, { from: null, to: FEB }, MAR);

    expect(swept).toBe(1);
    expect(store.deletedAt(oldUnseen.id)).toBe(MAR);
    expect(store.getSession(oldSeen.id)).not.toBeNull();
    expect(store.getSession(recentUnseen.id)).not.toBeNull();
  });
});
