/** A limit on tasks at once that its owner can raise while they run (never lower). */
export class RaisableLimit {
  private readonly raised = new Set<() => void>();

  constructor(private current: number) {}

  get value(): number {
    return this.current;
  }

  /** From now on, up to `limit` tasks at once. */
  raiseTo(limit: number): void {
    if (limit <= this.current) return;
    this.current = limit;
    for (const listener of [...this.raised]) listener();
  }

  /** Calls `listener` after each raise; returns what stops it. */
  onRaise(listener: () => void): () => void {
    this.raised.add(listener);
    return () => this.raised.delete(listener);
  }
}

/**
 * Runs `task` over `items` with at most `limit` running at once (a RaisableLimit lets more start
 * as soon as it is raised); rejects with the first failure after the tasks already started have
 * settled (so none keeps writing behind the caller's back).
 */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number | RaisableLimit,
  task: (item: T) => Promise<void>,
): Promise<void> {
  const allowed = () => Math.max(1, typeof limit === 'number' ? limit : limit.value);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lanes: Promise<void>[] = [];
  const lane = async () => {
    while (failure === null && next < items.length) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const open = () => {
    while (lanes.length < allowed() && next < items.length && failure === null) lanes.push(lane());
  };
  open();
  const stop = typeof limit === 'number' ? () => undefined : limit.onRaise(open);
  try {
    // Lanes opened by a raise while others run are waited for too.
    let waited = 0;
    while (waited < lanes.length) {
      const upTo = lanes.length;
      await Promise.all(lanes.slice(waited, upTo));
      waited = upTo;
    }
  } finally {
    stop();
  }
  if (failure !== null) throw (failure as { error: unknown }).error;
}
