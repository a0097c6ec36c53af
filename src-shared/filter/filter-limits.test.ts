import { describe, expect, it } from 'vitest';
import { MAX_FILTER_ITEMS } from './filter-limits';
import { SessionFilterSchema } from './session-filter';

function firstIssue(input: unknown) {
  const parsed = SessionFilterSchema.safeParse(input);
  return parsed.success
    ? null
    : { path: parsed.error.issues[0]?.path, message: parsed.error.issues[0]?.message };
}

const LISTS: Record<string, (i: number) => string> = {
  status: () => 'open',
  sentiment: () => 'happy',
  ai_closure_type: () => 'resolved',
  channels: () => 'web',
  tags: (i) => `tag-${i}`,
  assignee_ids: (i) => `a-${i}`,
  team_ids: (i) => `t-${i}`,
  contact_ids: (i) => `c-${i}`,
  languages: (i) => `l-${i}`,
};

describe('the filter model’s limits', () => {
  it.each(Object.entries(LISTS))(
    'takes %s with 500 items and refuses 501 in a sentence',
    (key, item) => {
      const list = (n: number) => Array.from({ length: n }, (_, i) => item(i));
      expect(SessionFilterSchema.safeParse({ [key]: list(MAX_FILTER_ITEMS) }).success).toBe(true);
      expect(firstIssue({ [key]: list(32_766) })).toEqual({
        path: [key],
        message: 'it has 32766 items; at most 500 are allowed',
      });
    },
  );

  it('refuses custom_data with more than 500 keys in a sentence', () => {
    const keys = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
    expect(SessionFilterSchema.safeParse({ custom_data: keys(500) }).success).toBe(true);
    expect(firstIssue({ custom_data: keys(993) })).toEqual({
      path: ['custom_data'],
      message: 'it has 993 keys; at most 500 are allowed',
    });
  });

  it('refuses a custom_data key __proto__, however the object was built, instead of dropping it', () => {
    const fromJson: unknown = JSON.parse('{"custom_data":{"__proto__":"pro","plan":"pro"}}');
    const fromIpc: unknown = structuredClone(fromJson);
    for (const input of [fromJson, fromIpc]) {
      expect(firstIssue(input)).toEqual({
        path: ['custom_data', '__proto__'],
        message: 'the key __proto__ cannot be matched; rename the key or leave it out',
      });
    }
  });

  it('keeps other keys named like Object.prototype members as ordinary keys', () => {
    const input: unknown = JSON.parse('{"custom_data":{"constructor":"x","toString":1}}');
    const parsed = SessionFilterSchema.parse(input);
    expect(Object.entries(parsed.custom_data ?? {})).toEqual([
      ['constructor', 'x'],
      ['toString', 1],
    ]);
  });

  it('bounds the length of names and values', () => {
    expect(firstIssue({ tags: ['x'.repeat(501)] })?.path).toEqual(['tags', 0]);
    expect(firstIssue({ custom_data: { ['k'.repeat(201)]: 1 } })?.path).toEqual([
      'custom_data',
      'k'.repeat(201),
    ]);
    expect(firstIssue({ custom_data: { plan: 'v'.repeat(2001) } })?.path).toEqual([
      'custom_data',
      'plan',
    ]);
    expect(firstIssue({ q: 'q'.repeat(501) })?.path).toEqual(['q']);
    expect(SessionFilterSchema.safeParse({ custom_data: { plan: 'v'.repeat(2000) } }).success).toBe(
      true,
    );
  });
});
