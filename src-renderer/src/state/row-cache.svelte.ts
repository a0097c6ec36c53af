// The rows of a result too large to hold: fixed-size blocks fetched as the viewport needs them.
// A block that follows a loaded one is fetched with the keyset cursor that block ended with; a
// block reached by a jump (dragging the scrollbar, End) is fetched by its offset. Blocks far
// from the viewport are dropped, so memory stays bounded whatever the total.

export const BLOCK_SIZE = 100;
/** Blocks kept in memory (≈ 6,000 rows): enough for a fast fling either way. */
const MAX_BLOCKS = 60;
/** How long the viewport must rest on rows no cursor reaches before they are fetched. */
const SETTLE_MS = 120;

export interface BlockRequest {
  /** The keyset cursor the previous block ended with; null for the first block or a jump. */
  cursor: string | null;
  /** Rows to skip from the start of the result; used only when cursor is null. */
  offset: number;
  limit: number;
}

export interface BlockAnswer<T> {
  rows: T[];
  total: number;
  /** The cursor for the rows after these; null at the end. */
  next: string | null;
}

export type FetchBlock<T> = (request: BlockRequest) => Promise<BlockAnswer<T>>;

export class RowCache<T> {
  /** Bumped whenever a block lands or is dropped: read it to re-render. */
  version = $state(0);
  total = $state(0);
  error = $state<unknown>(null);
  /** True until the first block of the current generation answered. */
  loading = $state(false);
  /**
   * True while the grid still shows the previous query's rows (shownAt): from a reset until
   * the new query's first block lands or fails.
   */
  stale = $state(false);

  // Plumbing, not state: components read rows through rowAt, which reads `version`.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private blocks = new Map<number, T[]>();
  /** The previous query's blocks, shown until the new query's first block lands. */
  private previous: Map<number, T[]> | null = null;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private cursors = new Map<number, string>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private inflight = new Map<number, Promise<void>>();
  private generation = 0;
  private centre = 0;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private fetchBlock: FetchBlock<T>,
    /** Whether the source can start a block at an offset; without, jumps walk the cursors. */
    private readonly jumps: boolean,
  ) {}

  /**
   * Starts over for a new query (filter, sort, account): forgets every row. The rows on screen
   * stay there (shownAt, `stale`) until the new query's first block replaces them, so a filter
   * click updates the rows in place instead of tearing them down into placeholders and building
   * them again (at a million sessions that churn was most of the page's work per click).
   * `keepShown: false` (another account's rows) clears the screen at once.
   */
  reset(
    fetchBlock?: FetchBlock<T>,
    { keepShown = true }: { keepShown?: boolean } = {},
  ): Promise<void> {
    if (fetchBlock) this.fetchBlock = fetchBlock;
    this.generation += 1;
    // A second reset before anything landed keeps what is on screen, the older rows.
    if (!keepShown) this.previous = null;
    else if (this.blocks.size > 0) this.previous = this.blocks;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- plumbing, as above
    this.blocks = new Map();
    this.stale = this.previous !== null;
    this.cursors.clear();
    this.inflight.clear();
    this.loading = true;
    this.version += 1;
    return this.load(0);
  }

  /**
   * Refetches the blocks covering [start, end) for the same query after the data changed (a
   * sync landed pages); the old rows stay on screen until their replacements arrive.
   */
  refresh(start: number, end: number): Promise<void> {
    this.generation += 1;
    const keep = this.blockRange(start, end);
    if (!keep.includes(0)) keep.unshift(0);
    for (const block of [...this.blocks.keys()]) {
      if (!keep.includes(block)) this.blocks.delete(block);
    }
    this.cursors.clear();
    this.inflight.clear();
    return Promise.all(keep.map((block) => this.load(block, true))).then(() => undefined);
  }

  /** The row at `index`, or undefined while its block is not loaded. Reactive. */
  rowAt(index: number): T | undefined {
    void this.version;
    return this.peek(index);
  }

  /**
   * The row the grid shows at `index`: the current query's, or, while `stale`, the previous
   * query's. Reactive. Only for display: what a click or a key acts on is rowAt's / peek's.
   */
  shownAt(index: number): T | undefined {
    void this.version;
    const block = Math.floor(index / BLOCK_SIZE);
    return (this.blocks.get(block) ?? this.previous?.get(block))?.[index % BLOCK_SIZE];
  }

  /** Like rowAt, without making the caller depend on the cache (for event handlers). */
  peek(index: number): T | undefined {
    return this.blocks.get(Math.floor(index / BLOCK_SIZE))?.[index % BLOCK_SIZE];
  }

  /** Every loaded row with its index, for finding an id. */
  *loaded(): Generator<[number, T]> {
    for (const [block, rows] of this.blocks) {
      for (let i = 0; i < rows.length; i += 1) yield [block * BLOCK_SIZE + i, rows[i]!];
    }
  }

  /**
   * Fetches whatever of [start, end) is missing; resolves when all of it is loaded. With
   * `settle` (the grid while it scrolls), a range that needs a jump (no loaded block leads to
   * it) is fetched only once the range has stayed the same for a moment: dragging the scrollbar
   * across a million rows asks for where it stops, not for every place it passed.
   */
  ensure(start: number, end: number, settle = false): Promise<void> {
    this.centre = Math.floor((start + end) / 2 / BLOCK_SIZE);
    const blocks = this.blockRange(start, end).filter((block) => !this.blocks.has(block));
    clearTimeout(this.settleTimer);
    if (settle && blocks.some((block) => this.isJump(block, blocks))) {
      return new Promise((resolve) => {
        this.settleTimer = setTimeout(() => void this.ensure(start, end).then(resolve), SETTLE_MS);
      });
    }
    return Promise.all(blocks.map((block) => this.load(block))).then(() => undefined);
  }

  /** A block no cursor leads to: nothing before it is loaded, coming or asked for with it. */
  private isJump(block: number, asked: readonly number[]): boolean {
    if (block === 0 || this.cursors.has(block)) return false;
    const before = block - 1;
    return !this.blocks.has(before) && !this.inflight.has(before) && !asked.includes(before);
  }

  private blockRange(start: number, end: number): number[] {
    const last = Math.max(0, Math.min(end, Math.max(this.total, 1)) - 1);
    const blocks: number[] = [];
    for (let b = Math.floor(Math.max(0, start) / BLOCK_SIZE); b <= last / BLOCK_SIZE; b += 1) {
      blocks.push(b);
    }
    return blocks;
  }

  private load(block: number, force = false): Promise<void> {
    // A block being (re)fetched answers with that fetch, so a walk waits for fresh cursors.
    const running = this.inflight.get(block);
    if (running) return running;
    if (!force && this.blocks.has(block)) return Promise.resolve();
    const generation = this.generation;
    const promise = this.fetchInto(block, generation).finally(() => {
      if (this.inflight.get(block) === promise) this.inflight.delete(block);
    });
    this.inflight.set(block, promise);
    return promise;
  }

  private async fetchInto(block: number, generation: number): Promise<void> {
    let cursor: string | null = null;
    if (block > 0) {
      cursor = this.cursors.get(block) ?? null;
      const walk = !this.jumps || this.inflight.has(block - 1);
      if (cursor === null && walk) {
        // Keyset first: the block before (on its way, or walked to when the source cannot
        // jump) leaves this block's cursor.
        await this.load(block - 1);
        if (generation !== this.generation) return;
        cursor = this.cursors.get(block) ?? null;
        if (cursor === null) return; // the result ends before this block
      }
    }
    try {
      const answer = await this.fetchBlock({
        cursor,
        offset: cursor === null ? block * BLOCK_SIZE : 0,
        limit: BLOCK_SIZE,
      });
      if (generation !== this.generation) return;
      this.blocks.set(block, answer.rows);
      if (answer.next) this.cursors.set(block + 1, answer.next);
      this.total = answer.total;
      this.error = null;
      this.dropPrevious();
      this.evict();
      this.version += 1;
    } catch (error) {
      if (generation === this.generation) {
        this.error = error;
        // The previous query's rows must not stand for this one's answer.
        this.dropPrevious();
        this.version += 1;
      }
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }

  private dropPrevious(): void {
    this.previous = null;
    this.stale = false;
  }

  private evict(): void {
    if (this.blocks.size <= MAX_BLOCKS) return;
    const far = [...this.blocks.keys()].sort(
      (a, b) => Math.abs(b - this.centre) - Math.abs(a - this.centre),
    );
    for (const block of far.slice(0, this.blocks.size - MAX_BLOCKS)) this.blocks.delete(block);
  }
}
