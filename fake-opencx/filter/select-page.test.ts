import { describe, expect, it } from 'vitest';
import type { FakeSession } from '../data/fake-session';
import { SeededRandom } from '../data/seeded-random';
import { selectPage } from './select-page';
import type { FilterSubject } from './session-matcher';

type Subject = FilterSubject & { n: number };

function subjects(keys: number[]): Subject[] {
  return keys.map((key, n) => ({
    n,
    session: {} as FakeSession,
    createdMs: key,
    updatedMs: key,
    lastMessageMs: key,
    tags: [],
  }));
}

const options = { matches: () => true, key: (s: Subject) => s.createdMs } as const;

describe('selectPage', () => {
  it('walks ascending or descending without sorting, and tells whether a next page exists', () => {
    const all = subjects([1, 2, 3, 4, 5]);
    expect(selectPage(all, { ...options, order: 'asc', page: 2, limit: 2 })).toEqual({
      items: [all[2], all[3]],
      hasNext: true,
    });
    expect(selectPage(all, { ...options, order: 'desc', page: 3, limit: 2 })).toEqual({
      items: [all[0]],
      hasNext: false,
    });
    expect(selectPage(all, { ...options, order: 'asc', page: 1, limit: 5 }).hasNext).toBe(false);
  });

  it('with shuffle, lets any member of a run of equal keys that crosses the page end land on the page', () => {
    // Keys: 1, then six sessions at 5 (n = 1..6), then 9; the page holds the first three.
    const all = subjects([1, 5, 5, 5, 5, 5, 5, 9]);
    const random = new SeededRandom(1);
    const onFirstPage = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const page = selectPage(all, {
        ...options,
        order: 'asc',
        page: 1,
        limit: 3,
        shuffle: random,
      });
      expect(page.items[0]?.n).toBe(0);
      expect(page.items.map((s) => s.createdMs)).toEqual([1, 5, 5]);
      for (const s of page.items) onFirstPage.add(s.n);
    }
    expect([...onFirstPage].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('without shuffle, keeps equal keys in array order (reversed for desc)', () => {
    const all = subjects([5, 5, 5]);
    expect(
      selectPage(all, { ...options, order: 'asc', page: 1, limit: 3 }).items.map((s) => s.n),
    ).toEqual([0, 1, 2]);
    expect(
      selectPage(all, { ...options, order: 'desc', page: 1, limit: 3 }).items.map((s) => s.n),
    ).toEqual([2, 1, 0]);
  });
});
