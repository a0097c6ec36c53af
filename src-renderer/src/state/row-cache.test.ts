import { describe, expect, it, vi } from 'vitest';
import { BLOCK_SIZE, RowCache, type BlockRequest, type FetchBlock } from './row-cache.svelte';

/** A source of `total` numbered rows that records what it was asked. */
function source(total: number) {
  const requests: BlockRequest[] = [];
  const fetch: FetchBlock<number> = (request) => {
    requests.push(request);
    const start = request.cursor === null ? request.offset : Number(request.cursor);
    const rows = Array.from(
      { length: Math.max(0, Math.min(request.limit, total - start)) },
      (_, i) => start + i,
    );
    const end = start + rows.length;
    return Promise.resolve({ rows, total, next: end < total ? String(end) : null });
  };
  return { fetch, requests };
}

describe('the row cache behind the grid', () => {
  it('follows keyset cursors from block to block', async () => {
    const { fetch, requests } = source(1_000);
    const cache = new RowCache(fetch, true);
    await cache.reset();
    await cache.ensure(0, 250);
    expect(cache.peek(249)).toBe(249);
    expect(requests.map((r) => r.cursor)).toEqual([null, '100', '200']);
  });

  it('jumps by offset when the source can, and walks the cursors when it cannot', async () => {
    const jumping = source(100_000);
    const cache = new RowCache(jumping.fetch, true);
    await cache.reset();
    await cache.ensure(90_000, 90_020);
    expect(cache.peek(90_010)).toBe(90_010);
    expect(jumping.requests.at(-1)).toMatchObject({ cursor: null, offset: 90_000 });

    const walking = source(1_000);
    const walker = new RowCache(walking.fetch, false);
    await walker.reset();
    await walker.ensure(950, 960);
    expect(walker.peek(955)).toBe(955);
    expect(walking.requests.every((r) => r.offset === 0)).toBe(true);
  });

  it('keeps a bounded number of blocks whatever was visited', async () => {
    const { fetch } = source(1_000_000);
    const cache = new RowCache(fetch, true);
    await cache.reset();
    for (let start = 0; start < 200 * BLOCK_SIZE; start += BLOCK_SIZE) {
      await cache.ensure(start, start + 20);
    }
    expect([...cache.loaded()].length).toBeLessThanOrEqual(60 * BLOCK_SIZE);
    expect(cache.peek(199 * BLOCK_SIZE)).toBe(199 * BLOCK_SIZE);
    expect(cache.peek(0)).toBeUndefined();
  });

  it('refetches the rows on screen after the data changed, keeping them until then', async () => {
    let shift = 0;
    const fetch: FetchBlock<number> = ({ cursor, offset, limit }) => {
      const start = cursor === null ? offset : Number(cursor);
      const rows = Array.from({ length: limit }, (_, i) => start + i + shift);
      return Promise.resolve({ rows, total: 10_000, next: String(start + limit) });
    };
    const cache = new RowCache(fetch, false);
    await cache.reset();
    await cache.ensure(300, 320);
    shift = 5;
    const refreshing = cache.refresh(300, 320);
    expect(cache.peek(310)).toBe(310);
    await refreshing;
    expect(cache.peek(310)).toBe(315);
  });
});

describe('a new query', () => {
  /** A source whose answers wait until `answer` is called; `fail` rejects the next instead. */
  function heldSource(label: string) {
    const waiting: (() => void)[] = [];
    let failing = false;
    const fetch: FetchBlock<string> = ({ cursor, offset, limit }) => {
      const start = cursor === null ? offset : Number(cursor);
      const fails = failing;
      return new Promise((resolve, reject) =>
        waiting.push(() =>
          fails
            ? reject(new Error('engine gone'))
            : resolve({
                rows: Array.from({ length: limit }, (_, i) => `${label}${start + i}`),
                total: 1_000,
                next: String(start + limit),
              }),
        ),
      );
    };
    return {
      fetch,
      answer: () => waiting.shift()?.(),
      fail: () => (failing = true),
    };
  }

  /** A cache showing the first block of query 'a' ('a0', 'a1', …). */
  async function showingRowsOfA() {
    const first = heldSource('a');
    const cache = new RowCache(first.fetch, true);
    const loading = cache.reset();
    first.answer();
    await loading;
    return cache;
  }

  it("keeps the previous query's rows on screen, stale, until its first block replaces them", async () => {
    const cache = await showingRowsOfA();
    expect(cache.stale).toBe(false);

    const second = heldSource('b');
    const next = cache.reset(second.fetch);
    // Shown, but nothing acts on them: a click or a key reads the new query's rows.
    expect(cache.shownAt(3)).toBe('a3');
    expect(cache.stale).toBe(true);
    expect(cache.rowAt(3)).toBeUndefined();
    expect(cache.peek(3)).toBeUndefined();
    expect([...cache.loaded()]).toEqual([]);
    second.answer();
    await next;
    expect(cache.shownAt(3)).toBe('b3');
    expect(cache.stale).toBe(false);
  });

  it('shows the oldest rows still on screen when a second query follows before the first answers', async () => {
    const cache = await showingRowsOfA();
    const second = heldSource('b');
    void cache.reset(second.fetch);
    const third = heldSource('c');
    const last = cache.reset(third.fetch);
    expect(cache.shownAt(0)).toBe('a0');
    third.answer();
    await last;
    expect(cache.shownAt(0)).toBe('c0');
  });

  it('clears the previous rows when the new query fails, so they never stand for its answer', async () => {
    const cache = await showingRowsOfA();
    const second = heldSource('b');
    second.fail();
    const next = cache.reset(second.fetch);
    second.answer();
    await next;
    expect(cache.error).toBeInstanceOf(Error);
    expect(cache.stale).toBe(false);
    expect(cache.shownAt(0)).toBeUndefined();
  });

  it("clears the screen at once when told the rows are not to be kept (another account's)", async () => {
    const cache = await showingRowsOfA();
    void cache.reset(heldSource('b').fetch, { keepShown: false });
    expect(cache.stale).toBe(false);
    expect(cache.shownAt(0)).toBeUndefined();
  });
});

describe('jumps while scrolling', () => {
  it('fetch only where the viewport comes to rest', async () => {
    vi.useFakeTimers();
    try {
      const { fetch, requests } = source(1_000_000);
      const cache = new RowCache(fetch, true);
      await cache.reset();
      // A drag across the list: many far places, each left before it settles.
      for (const start of [100_000, 300_000, 500_000, 700_000]) {
        void cache.ensure(start, start + 20, true);
        await vi.advanceTimersByTimeAsync(30);
      }
      const resting = cache.ensure(900_000, 900_020, true);
      await vi.advanceTimersByTimeAsync(200);
      await resting;
      expect(requests.filter((r) => r.offset > 0).map((r) => r.offset)).toEqual([900_000]);
      expect(cache.peek(900_010)).toBe(900_010);
      // Next to loaded rows there is nothing to wait for: the keyset goes on at once.
      await cache.ensure(900_090, 900_120, true);
      expect(requests.at(-1)).toMatchObject({ cursor: '900100' });
    } finally {
      vi.useRealTimers();
    }
  });
});
