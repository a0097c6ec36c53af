import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './keyset-cursor';

const sort = { field: 'ticket_number', order: 'asc' } as const;

describe('keyset cursor', () => {
  it('round-trips the last row’s key and id as an opaque base64url token', () => {
    const position = { ...sort, key: 42, id: 'ab"c/é' };
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, sort)).toEqual(position);
  });

  it('rejects tokens that are not its own, saying why', () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const cases: Array<[string, RegExp]> = [
      ['', /not a base64url token/],
      ['a+b=', /not a base64url token/],
      [Buffer.from('{oops').toString('base64url'), /does not decode to JSON/],
      [encode(null), /not decode to an object/],
      [encode({ f: 'colour', o: 'asc', k: 1, i: 'x' }), /sort field is unknown/],
      [encode({ f: 'ticket_number', o: 'up', k: 1, i: 'x' }), /sort order is unknown/],
      [encode({ f: 'ticket_number', o: 'asc', k: '1', i: 'x' }), /sort key is not a number/],
      [encode({ f: 'ticket_number', o: 'asc', k: 1, i: '' }), /id is missing/],
      [encode({ f: 'ticket_number', o: 'desc', k: 1, i: 'x' }), /made for sort ticket_number desc/],
    ];
    for (const [cursor, message] of cases) {
      expect(() => decodeCursor(cursor, sort)).toThrow(message);
    }
  });
});
