import type { AppErrorShape } from './app-error';

// Limits every transport applies to a call's input before anything walks it recursively: the
// structured clone behind postMessage and Electron IPC, zod and SQL building all recurse, and an
// input nested a few thousand levels deep overflows the stack in the first of them. No contract
// input nests deeper than five levels (sessions.list → filter → created_at → within_last → amount).

/** The deepest nesting of objects and arrays a call's input may have; the input itself is level 1. */
export const MAX_INPUT_DEPTH = 32;

/**
 * How many objects, arrays and values the walk looks at before it gives up. The largest valid
 * input (a filter with every list at its limit) has a few thousand; the cap keeps the walk itself
 * cheap when an input shares one object along many paths.
 */
export const MAX_INPUT_VALUES = 200_000;

/**
 * The refusal for an input nested deeper than MAX_INPUT_DEPTH or holding more than
 * MAX_INPUT_VALUES values, or null when it is within both. Walks without recursion, so it is
 * safe on exactly the input it exists to refuse, and stops as soon as a limit is passed (a
 * cyclic input counts as too deep).
 */
export function inputLimitRefusal(subject: string, input: unknown): AppErrorShape | null {
  const stack: [unknown, number][] = [[input, 1]];
  let seen = 0;
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_INPUT_DEPTH) {
      return {
        code: 'invalid_input',
        message: `The input for ${subject} is nested more than ${MAX_INPUT_DEPTH} levels deep; Session Desk accepts at most ${MAX_INPUT_DEPTH}.`,
      };
    }
    const children: unknown[] = childrenOf(value);
    seen += children.length;
    if (seen > MAX_INPUT_VALUES) {
      return {
        code: 'invalid_input',
        message: `The input for ${subject} holds more than ${MAX_INPUT_VALUES} values; Session Desk accepts at most ${MAX_INPUT_VALUES}.`,
      };
    }
    for (const child of children) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return null;
}

/** What a structured clone would copy inside `value` (IPC can carry a Map or a Set; JSON cannot). */
function childrenOf(value: object): unknown[] {
  if (Array.isArray(value)) return value;
  if (value instanceof Map) return [...value.keys(), ...value.values()];
  if (value instanceof Set) return [...value];
  return Object.values(value);
}
