import { describe, expect, it } from 'vitest';
import { forEachConcurrently, RaisableLimit } from './concurrent-each';

/** Tasks that each wait until released, recording how many run at once. */
function gatedTasks() {
  const running = new Set<number>();
  const releases = new Map<number, () => void>();
  const started: number[] = [];
  let most = 0;
  const task = (item: number) =>
    new Promise<void>((resolve) => {
      running.add(item);
      started.push(item);
      most = Math.max(most, running.size);
      releases.set(item, () => {
        running.delete(item);
        resolve();
      });
    });
  const release = (item: number) => releases.get(item)?.();
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { task, release, settle, running, started, most: () => most };
}

describe('forEachConcurrently', () => {
  it('never runs more tasks at once than its limit, and runs them all', async () => {
    const gate = gatedTasks();
    const done = forEachConcurrently([1, 2, 3, 4, 5], 2, gate.task);
    for (let item = 1; item <= 5; item++) {
      await gate.settle();
      gate.release(item);
    }
    await done;
    expect(gate.started).toEqual([1, 2, 3, 4, 5]);
    expect(gate.most()).toBe(2);
  });

  it('starts more tasks as soon as a raisable limit is raised, and waits for them too', async () => {
    const gate = gatedTasks();
    const limit = new RaisableLimit(1);
    let settled = false;
    const done = forEachConcurrently([1, 2, 3, 4, 5], limit, gate.task).then(() => {
      settled = true;
    });
    await gate.settle();
    expect([...gate.running]).toEqual([1]);
    limit.raiseTo(3);
    await gate.settle();
    expect([...gate.running]).toEqual([1, 2, 3]);
    // Lowering is not a thing: a smaller value leaves the limit as it is.
    limit.raiseTo(2);
    expect(limit.value).toBe(3);
    gate.release(1);
    gate.release(2);
    await gate.settle();
    expect([...gate.running]).toEqual([3, 4, 5]);
    gate.release(3);
    gate.release(4);
    await gate.settle();
    // The first lane has ended; one opened by the raise still runs a task: not done yet.
    expect(settled).toBe(false);
    gate.release(5);
    await done;
    expect(gate.most()).toBe(3);
  });

  it('rejects with the first failure once the tasks already started have settled', async () => {
    const order: string[] = [];
    const failing = forEachConcurrently([1, 2, 3, 4], 2, async (item) => {
      await new Promise((resolve) => setTimeout(resolve, item === 1 ? 20 : 1));
      order.push(`end ${item}`);
      if (item === 2) throw new Error(`task ${item} failed`);
    });
    await expect(failing).rejects.toThrow('task 2 failed');
    // 1 was running when 2 failed, and is waited for; nothing starts after a failure.
    expect(order).toEqual(['end 2', 'end 1']);
  });
});
