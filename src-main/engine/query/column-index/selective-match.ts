// The rows passing every key of a filter, worked out from its rarest key when that key's rows
// are few (a contact, a tag, a custom data value, a rare value of a column, two flags whose AND
// is rare): only those rows are tested against the other keys, instead of a mask per key over
// every row, then ANDs, then a count (./row-masks.ts makes the tests and is the fallback).

/** A key's rows are few enough below this share of all rows (1 / SELECTIVE). */
const SELECTIVE = 8;

/** How one key's constraint is tested; `size` is how many rows pass it, when known. */
export type RowTest =
  | { kind: 'code'; slots: Uint8Array | Int32Array; table: Uint8Array; size: number }
  | { kind: 'rows'; rows: Int32Array; size: number }
  /** The rows set in every one of `sets` (./flag-rows.ts). */
  | { kind: 'bits'; sets: readonly Uint32Array[]; size: number }
  | { kind: 'mask'; mask: () => Uint8Array | null; size: number }
  | {
      kind: 'range';
      column: Float64Array;
      lo: number;
      hi: number;
      eq: readonly number[];
      size: number;
    };

/**
 * The rows passing every one of `tests` over a snapshot of `rows` rows, with their count; null
 * when no test is known to pass few enough rows to start from (every key's mask then answers).
 */
export function selectiveMatch(
  tests: readonly RowTest[],
  rows: number,
): { mask: Uint8Array; count: number } | null {
  const all = withBitsMerged(tests);
  // The cheapest start: a list of rows is there already; a code's rows take a walk of the
  // column first (about a quarter of the cost per row of testing a candidate), bits a walk of
  // their words (32 rows each).
  const cost = (test: RowTest) =>
    test.size + (test.kind === 'code' ? rows / 4 : test.kind === 'bits' ? rows / 32 : 0);
  // Flags too common to start from are only tested: as a start they would beat a rarer
  // column's rows on this cost (a contact's 234 rows cost a walk of the column) and then fail
  // the check below, leaving every key to make its mask.
  const common = (test: RowTest) => test.kind === 'bits' && test.size * SELECTIVE > rows;
  let driver: RowTest | undefined;
  for (const test of all) {
    if (!common(test) && (!driver || cost(test) < cost(driver))) driver = test;
  }
  // Intersecting lists of rows costs little even when they are long; walking a column or bits
  // for their rows only pays when those are few.
  if (
    !driver ||
    (driver.kind === 'rows' && driver.size * 2 > rows) ||
    (driver.kind === 'code' && driver.size * SELECTIVE > rows) ||
    driver.kind === 'mask' ||
    driver.kind === 'range'
  ) {
    return null;
  }
  const rest = all
    .filter((test) => test !== driver)
    // Tests that look each candidate up first (the fewest rows first), then the lists of rows,
    // whose intersection costs their length too: by then the candidates are fewest.
    .sort((a, b) => +(a.kind === 'rows') - +(b.kind === 'rows') || a.size - b.size);
  if (driver.kind === 'bits' && rest.length === 0) {
    return { mask: bitsMask(driver.sets, rows), count: driver.size };
  }
  let candidates =
    driver.kind === 'rows'
      ? driver.rows.slice()
      : driver.kind === 'bits'
        ? rowsOfBits(driver.sets, driver.size)
        : rowsPassing(driver, rows);
  let n = candidates.length;
  for (const test of rest) {
    if (n === 0) break;
    n = keepPassing(candidates, n, test);
  }
  candidates = candidates.subarray(0, n);
  const mask = new Uint8Array(rows);
  for (let at = 0; at < n; at++) mask[candidates[at] as number] = 1;
  return { mask, count: n };
}

/** Keeps the first `n` of `candidates` that pass `test`, in order; returns how many. */
function keepPassing(candidates: Int32Array, n: number, test: RowTest): number {
  if (test.kind === 'rows') return intersect(candidates, n, test.rows);
  if (test.kind === 'range') return withinRange(candidates, n, test);
  let kept = 0;
  if (test.kind === 'code') {
    const { slots, table } = test;
    for (let at = 0; at < n; at++) {
      const row = candidates[at] as number;
      if (table[slots[row] as number] === 1) candidates[kept++] = row;
    }
    return kept;
  }
  if (test.kind === 'bits') {
    for (const bits of test.sets) {
      kept = 0;
      for (let at = 0; at < n; at++) {
        const row = candidates[at] as number;
        if ((((bits[row >>> 5] as number) >>> (row & 31)) & 1) === 1) candidates[kept++] = row;
      }
      n = kept;
    }
    return n;
  }
  const mask = test.mask();
  if (mask === null) return n;
  for (let at = 0; at < n; at++) {
    const row = candidates[at] as number;
    if (mask[row] === 1) candidates[kept++] = row;
  }
  return kept;
}

/** `tests` with every bits test made one (their AND, counted), so flags drive together. */
function withBitsMerged(tests: readonly RowTest[]): readonly RowTest[] {
  const bits = tests.filter((test) => test.kind === 'bits');
  if (bits.length < 2) return tests;
  const sets = bits.flatMap((test) => test.sets);
  let size = 0;
  forEachWord(sets, (set) => (size += popCount(set)));
  return [...tests.filter((test) => test.kind !== 'bits'), { kind: 'bits', sets, size }];
}

function popCount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Each word of the AND of `sets`, with the row its first bit stands for. */
function forEachWord(sets: readonly Uint32Array[], visit: (set: number, base: number) => void) {
  const [first, ...others] = sets;
  if (!first) return;
  for (let word = 0; word < first.length; word++) {
    let set = first[word] as number;
    for (const other of others) set &= other[word] as number;
    if (set !== 0) visit(set, word << 5);
  }
}

/** The `size` rows, ascending, set in every one of `sets`. */
function rowsOfBits(sets: readonly Uint32Array[], size: number): Int32Array {
  const found = new Int32Array(size);
  let n = 0;
  forEachWord(sets, (set, base) => {
    while (set !== 0) {
      found[n++] = base + (31 - Math.clz32(set & -set));
      set &= set - 1;
    }
  });
  return found;
}

/** The rows set in every one of `sets`, a byte per row. */
function bitsMask(sets: readonly Uint32Array[], rows: number): Uint8Array {
  const mask = new Uint8Array(rows);
  forEachWord(sets, (set, base) => {
    while (set !== 0) {
      mask[base + (31 - Math.clz32(set & -set))] = 1;
      set &= set - 1;
    }
  });
  return mask;
}

/** Keeps the first `n` of `candidates` whose value is in the range (NaN never is, as NULL). */
function withinRange(
  candidates: Int32Array,
  n: number,
  { column, lo, hi, eq }: RowTest & { kind: 'range' },
): number {
  let kept = 0;
  for (let at = 0; at < n; at++) {
    const row = candidates[at] as number;
    const value = column[row] as number;
    if (value >= lo && value < hi && eq.every((wanted) => value === wanted)) {
      candidates[kept++] = row;
    }
  }
  return kept;
}

/** The rows, ascending, whose slot a code test accepts. */
function rowsPassing(test: RowTest & { kind: 'code' }, rows: number): Int32Array {
  const found = new Int32Array(test.size);
  const { slots, table } = test;
  let n = 0;
  for (let row = 0; row < rows && n < found.length; row++) {
    if (table[slots[row] as number] === 1) found[n++] = row;
  }
  return found;
}

/** Keeps the first `n` of `candidates` that are in `rows` (both ascending); returns how many. */
function intersect(candidates: Int32Array, n: number, rows: Int32Array): number {
  let kept = 0;
  let at = 0;
  for (let i = 0; i < n; i++) {
    const row = candidates[i] as number;
    // Galloping, then a binary search: a few candidates against a long list skip most of it.
    let step = 1;
    while (at + step < rows.length && (rows[at + step] as number) < row) {
      at += step;
      step <<= 1;
    }
    let hi = Math.min(at + step, rows.length);
    while (at < hi) {
      const mid = (at + hi) >>> 1;
      if ((rows[mid] as number) < row) at = mid + 1;
      else hi = mid;
    }
    if (at === rows.length) break;
    if (rows[at] === row) candidates[kept++] = row;
  }
  return kept;
}
