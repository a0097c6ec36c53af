import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseFtsMatchExpression, toFtsMatchExpression } from './fts-match-expression';

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

describe('parseFtsMatchExpression', () => {
  it('reads back the phrases of an expression, and which one is a prefix', () => {
    expect(parseFtsMatchExpression('"1" "555 0100"*')).toEqual([
      { tokens: ['1'], prefix: false },
      { tokens: ['555', '0100'], prefix: true },
    ]);
    expect(parseFtsMatchExpression('"free"')).toEqual([{ tokens: ['free'], prefix: false }]);
  });

  it('reads back whatever toFtsMatchExpression writes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const expression = toFtsMatchExpression(text);
        if (expression === null) return;
        const phrases = parseFtsMatchExpression(expression);
        expect(phrases).not.toBeNull();
        const written = (phrases ?? [])
          .map(({ tokens, prefix }) => `"${tokens.join(' ')}"${prefix ? '*' : ''}`)
          .join(' ');
        expect(written).toBe(expression);
      }),
    );
  });

  it('refuses any other FTS5 syntax', () => {
    for (const other of ['free', '"a" OR "b"', '"a"* "b"', 'NEAR("a" "b")', '""', '"a"  "b"']) {
      expect(parseFtsMatchExpression(other)).toBeNull();
    }
  });
});
