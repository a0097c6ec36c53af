import { describe, expect, it } from 'vitest';
import { toFtsMatchExpression } from './fts-match-expression';

describe('toFtsMatchExpression', () => {
  it('quotes every word and prefix-matches the last one', () => {
    expect(toFtsMatchExpression('grace hop')).toBe('"grace" "hop"*');
  });

  it('matches a completed last word exactly once the user typed a space', () => {
    expect(toFtsMatchExpression('grace ')).toBe('"grace"');
  });

  it('keeps punctuated words together as a phrase', () => {
    expect(toFtsMatchExpression('ada@example.com')).toBe('"ada example com"*');
    expect(toFtsMatchExpression('+1 555-0100')).toBe('"1" "555 0100"*');
  });

  it('turns FTS5 syntax typed by a user into plain words', () => {
    expect(toFtsMatchExpression('a OR b NOT "c" NEAR(d e) f* ^g col:h')).toBe(
      '"a" "OR" "b" "NOT" "c" "NEAR d" "e" "f" "g" "col h"*',
    );
  });

  it('keeps letters of any script and drops nothing searchable', () => {
    expect(toFtsMatchExpression('Zoë Müller 東京')).toBe('"Zoë" "Müller" "東京"*');
  });

  it('returns null when nothing searchable was typed', () => {
    expect(toFtsMatchExpression('')).toBeNull();
    expect(toFtsMatchExpression('  "" *** () ')).toBeNull();
  });
});
