import { describe, expect, it } from 'vitest';
import { inputLimitRefusal, MAX_INPUT_DEPTH } from './input-limits';

function nested(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

describe('the input limits', () => {
  it('takes input nested 32 levels deep and refuses 33 in a sentence', () => {
    expect(inputLimitRefusal('sessions.list', nested(MAX_INPUT_DEPTH))).toBeNull();
    expect(inputLimitRefusal('sessions.list', nested(MAX_INPUT_DEPTH + 1))).toEqual({
      code: 'invalid_input',
      message:
        'The input for sessions.list is nested more than 32 levels deep; Session Desk accepts at most 32.',
    });
  });

  it('walks a million levels without overflowing the stack', () => {
    expect(inputLimitRefusal('x', nested(1_000_000))?.code).toBe('invalid_input');
  });

  it('refuses a cyclic input (structured clone carries cycles) instead of walking forever', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(inputLimitRefusal('x', cycle)?.message).toContain('nested more than 32 levels');
  });

  it('stops early on an input that shares one object along exponentially many paths', () => {
    let shared: unknown = 1;
    for (let i = 0; i < 30; i++) shared = [shared, shared];
    const started = performance.now();
    expect(inputLimitRefusal('x', shared)?.message).toContain('holds more than 200000 values');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('looks inside Maps and Sets, which IPC can carry', () => {
    let value: unknown = 1;
    for (let i = 0; i < 40; i++) value = i % 2 ? new Map([['k', value]]) : new Set([value]);
    expect(inputLimitRefusal('x', value)?.code).toBe('invalid_input');
  });
});
