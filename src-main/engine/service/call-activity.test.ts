import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallActivity } from './call-activity';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const WAITS = { minMs: 2_000, quietMs: 1_000, maxMs: 15_000 };

/** A call the test settles by hand. */
function pendingCall(activity: CallActivity): () => void {
  let settle!: () => void;
  void activity.track(() => new Promise<void>((resolve) => (settle = resolve)));
  return () => settle();
}

function watch(promise: Promise<void>): { settled: boolean } {
  const state = { settled: false };
  void promise.then(() => (state.settled = true));
  return state;
}

/** Pending 10 ms before `ms` from now, settled 10 ms after. */
async function expectSettlesIn(state: { settled: boolean }, ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms - 10);
  expect(state.settled).toBe(false);
  await vi.advanceTimersByTimeAsync(20);
  expect(state.settled).toBe(true);
}

describe('CallActivity.whenQuiet', () => {
  it('with no call at all, waits for the maximum: a window may be slow to start asking', async () => {
    const activity = new CallActivity(() => Date.now());
    const quiet = watch(activity.whenQuiet(WAITS).quiet);
    await expectSettlesIn(quiet, 15_000);
  });

  it('waits the minimum, then settles a quiet interval after the first calls end', async () => {
    const activity = new CallActivity(() => Date.now());
    const quiet = watch(activity.whenQuiet(WAITS).quiet);
    await vi.advanceTimersByTimeAsync(100);
    await activity.track(() => Promise.resolve());
    await expectSettlesIn(quiet, 1_900);
  });

  it('does not count calls answered before it began waiting', async () => {
    const activity = new CallActivity(() => Date.now());
    await activity.track(() => Promise.resolve());
    const quiet = watch(activity.whenQuiet(WAITS).quiet);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(quiet.settled).toBe(false);
  });

  it('waits while a call is being answered, then for the quiet interval after it', async () => {
    const activity = new CallActivity(() => Date.now());
    const quiet = watch(activity.whenQuiet(WAITS).quiet);
    await vi.advanceTimersByTimeAsync(500);
    const settle = pendingCall(activity);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(quiet.settled).toBe(false);
    settle();
    await expectSettlesIn(quiet, 1_000);
  });

  it('starts over after each call of a burst', async () => {
    const activity = new CallActivity(() => Date.now());
    const quiet = watch(activity.whenQuiet(WAITS).quiet);
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(800);
      await activity.track(() => Promise.resolve());
    }
    // 4 s in, the last call 0 ms ago: the minimum has passed but not the quiet interval.
    expect(quiet.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1_010);
    expect(quiet.settled).toBe(true);
  });

  it('gives up waiting at the maximum, however busy the engine stays', async () => {
    const activity = new CallActivity(() => Date.now());
    const quiet = watch(activity.whenQuiet(WAITS).quiet);
    pendingCall(activity);
    await expectSettlesIn(quiet, 15_000);
  });

  it('counts a call that fails as ended, and passes its failure on', async () => {
    const activity = new CallActivity(() => Date.now());
    const quiet = watch(activity.whenQuiet(WAITS).quiet);
    await expect(activity.track(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await vi.advanceTimersByTimeAsync(2_010);
    expect(quiet.settled).toBe(true);
  });

  it('never settles once cancelled', async () => {
    const activity = new CallActivity(() => Date.now());
    const wait = activity.whenQuiet(WAITS);
    const quiet = watch(wait.quiet);
    wait.cancel();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(quiet.settled).toBe(false);
  });
});
