import { describe, expect, it } from 'vitest';
import { highlightParts, searchTerms } from './highlight';

describe('search highlighting', () => {
  it('takes the words of a search, without quotes or operators', () => {
    expect(searchTerms('"refund" OR Delay')).toEqual(['refund', 'delay']);
    expect(searchTerms('  ')).toEqual([]);
    expect(searchTerms(undefined)).toEqual([]);
  });

  it('marks every occurrence in any case, and leaves the rest as it is', () => {
    expect(highlightParts('Refund for the refunded order', ['refund'])).toEqual([
      { text: 'Refund', match: true },
      { text: ' for the ', match: false },
      { text: 'refund', match: true },
      { text: 'ed order', match: false },
    ]);
    expect(highlightParts('a.b@c.com wrote', ['a.b@c.com'])).toEqual([
      { text: 'a.b@c.com', match: true },
      { text: ' wrote', match: false },
    ]);
  });

  it('returns the text whole when there is nothing to mark', () => {
    expect(highlightParts('plain', [])).toEqual([{ text: 'plain', match: false }]);
  });
});
