import { describe, expect, it } from 'vitest';
import { FakeClock, systemClock } from './clock';

describe('FakeClock', () => {
  it('wakes sleepers in due order, ties in the order they fell asleep', async () => {
    const clock = new FakeClock(1000);
    const woke: string[] = [];
    void clock.sleep(30).then(() => woke.push('c@30'));
    void clock.sleep(10).then(() => woke.push('a@10'));
    void clock.sleep(10).then(() => woke.push('b@10'));
    await clock.advance(20);
    expect(woke).toEqual(['a@10', 'b@10']);
    expect(clock.now()).toBe(1020);
    await clock.advance(10);
    expect(woke).toEqual(['a@10', 'b@10', 'c@30']);
  });

  it('sees the time of its own wake-up and wakes sleepers started inside an advanced span', async () => {
    const clock = new FakeClock(0);
    const seen: number[] = [];
    void (async () => {
      await clock.sleep(10);
      seen.push(clock.now());
      await clock.sleep(10);
      seen.push(clock.now());
    })();
    await clock.advance(100);
    expect(seen).toEqual([10, 20]);
    expect(clock.now()).toBe(100);
  });

  it('rejects a sleep with the abort reason and forgets the sleeper', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const sleeping = clock.sleep(50, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    expect(clock.pendingSleepers).toBe(0);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const clock = new FakeClock();
    await expect(clock.sleep(5, AbortSignal.abort(new Error('early')))).rejects.toThrow('early');
  });
});

describe('systemClock', () => {
  it('sleep rejects with the abort reason', async () => {
    const controller = new AbortController();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort(new Error('gone'));
    await expect(sleeping).rejects.toThrow('gone');
  });

  it('sleep resolves after a short delay', async () => {
    await expect(systemClock.sleep(1)).resolves.toBeUndefined();
  });
});
