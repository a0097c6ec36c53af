import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flagRows } from './flag-rows';
import { selectiveMatch, type RowTest } from './selective-match';

// The property test against SQL (indexed-queries.test.ts) runs at a few hundred rows, where
// word edges and a flag AND rare enough to drive are chance events: here the bit paths are
// checked against a plain per-row answer at sizes that are not a multiple of 32.

/** A flag column: 0, 1 or NULL (NaN) per row, mostly 0 so that ANDs are often rare. */
function flagColumn(cells: readonly number[]): Float64Array {
  return Float64Array.from(cells, (cell) => (cell === 2 ? NaN : cell));
}

const cellsArbitrary = (rows: number) =>
  fc.array(fc.constantFrom(0, 0, 0, 0, 1, 2), { minLength: rows, maxLength: rows });

describe('flagRows', () => {
  it('holds the rows equal to a value, as SQL compares (NULL never equal)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }).chain((rows) => cellsArbitrary(rows)),
        fc.constantFrom(0, 1, 2, 0.5, -1, 255),
        (cells, value) => {
          const column = flagColumn(cells);
          const held = flagRows(column, value);
          expect(held).not.toBeNull();
          const expected = cells.map((cell) => +(cell !== 2 && cell === value));
          expect([...(held?.mask() ?? [])]).toEqual(expected);
          expect(held?.count).toBe(expected.filter((bit) => bit === 1).length);
          // Held once per column and value.
          expect(flagRows(column, value)).toBe(held);
        },
      ),
      { numRuns: 200, seed: 21 },
    );
  });

  it('is null for a column that is not small integers', () => {
    expect(flagRows(Float64Array.from([0, 1, 1_700_000_000_000]), 1)).toBeNull();
  });
});

describe('selectiveMatch', () => {
  it('gives the rows passing every test, flags driving or tested, whatever drives', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }).chain((rows) =>
          fc.record({
            rows: fc.constant(rows),
            flags: fc.array(
              fc.record({ cells: cellsArbitrary(rows), value: fc.constantFrom(0, 1) }),
              { maxLength: 3 },
            ),
            listed: fc.option(fc.uniqueArray(fc.nat(rows - 1), { maxLength: rows })),
            codes: fc.option(
              fc.record({
                slots: fc.array(fc.nat(3), { minLength: rows, maxLength: rows }),
                accepted: fc.nat(3),
              }),
            ),
          }),
        ),
        ({ rows, flags, listed, codes }) => {
          const wants: ((row: number) => boolean)[] = [];
          const tests: RowTest[] = [];
          for (const { cells, value } of flags) {
            const held = flagRows(flagColumn(cells), value);
            if (!held) throw new Error('a flag column should be held');
            tests.push({ kind: 'bits', sets: [held.bits], size: held.count });
            wants.push((row) => cells[row] === value);
          }
          if (listed) {
            const sorted = Int32Array.from(listed).sort();
            tests.push({ kind: 'rows', rows: sorted, size: sorted.length });
            wants.push((row) => sorted.includes(row));
          }
          if (codes) {
            const slots = Uint8Array.from(codes.slots);
            const table = Uint8Array.from([0, 1, 2, 3], (slot) => +(slot === codes.accepted));
            const size = slots.filter((slot) => slot === codes.accepted).length;
            tests.push({ kind: 'code', slots, table, size });
            wants.push((row) => slots[row] === codes.accepted);
          }
          const match = selectiveMatch(tests, rows);
          if (!match) return;
          const expected = Array.from({ length: rows }, (_, row) => +wants.every((w) => w(row)));
          expect([...match.mask]).toEqual(expected);
          expect(match.count).toBe(expected.filter((bit) => bit === 1).length);
        },
      ),
      { numRuns: 400, seed: 22 },
    );
  });

  it('lets two flags whose AND is rare drive, alone or before another test', () => {
    const rows = 1_000;
    const a = flagColumn(Array.from({ length: rows }, (_, row) => +(row % 3 === 0)));
    const b = flagColumn(Array.from({ length: rows }, (_, row) => +(row % 5 === 0)));
    const [heldA, heldB] = [flagRows(a, 1), flagRows(b, 1)];
    if (!heldA || !heldB) throw new Error('flags should be held');
    const flags: RowTest[] = [
      { kind: 'bits', sets: [heldA.bits], size: heldA.count },
      { kind: 'bits', sets: [heldB.bits], size: heldB.count },
    ];
    expect(selectiveMatch(flags, rows)?.count).toBe(67);
    const column = Float64Array.from({ length: rows }, (_, row) => row);
    const range: RowTest = { kind: 'range', column, lo: 500, hi: Infinity, eq: [], size: Infinity };
    expect(selectiveMatch([...flags, range], rows)?.count).toBe(33);
    // Neither flag alone is rare enough to start from, but a rarer key still is, the flag then
    // tested on its rows.
    expect(selectiveMatch([flags[0] as RowTest], rows)).toBeNull();
    const slots = Uint8Array.from({ length: rows }, (_, row) => +(row % 100 === 0));
    const table = Uint8Array.from([0, 1]);
    const rare: RowTest = { kind: 'code', slots, table, size: 10 };
    expect(selectiveMatch([flags[0] as RowTest, rare], rows)?.count).toBe(4);
  });
});
