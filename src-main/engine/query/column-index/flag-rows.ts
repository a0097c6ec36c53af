// The rows holding one value of a small-integer column (the 0/1 flags handed_off and
// assist_mode), made once per snapshot and kept: a flag has two values, so every flag filter
// asks one of at most four row sets. Making a mask per ask cost a pass over a million rows and a
// megabyte of buffer each; at two flags and their AND that was three megabytes per first ask,
// and the garbage collections that external memory set off (scavenges, then 6–12 ms
// mark-compacts, every few asks) were what put that list case's p95 over its budget while its
// median sat at 5 ms. Held, a flag costs nothing to ask and its bits (a million rows in 125 kB)
// let two flags be intersected and counted 32 rows at a time (./selective-match.ts).

/**
 * Whether every value of `column` is an integer in 0 … 254 or NULL (NaN), as the 0/1 flags'
 * are, made once per snapshot. Only such columns have their rows held per value: few values,
 * so few sets (a column of times would hold one per time asked).
 */
const smalls = new WeakMap<Float64Array, boolean>();
function isSmallIntegers(column: Float64Array): boolean {
  let small = smalls.get(column);
  if (small === undefined) {
    small = true;
    for (let row = 0; row < column.length && small; row++) {
      const value = column[row] as number;
      small = Number.isNaN(value) || (Number.isInteger(value) && value >= 0 && value < 255);
    }
    smalls.set(column, small);
  }
  return small;
}

/** The rows of a column equal to one value. Never written once made: masks are shared. */
export interface FlagRows {
  /** Bit `row & 31` of word `row >>> 5` is set for each row holding the value. */
  bits: Uint32Array;
  count: number;
  /** The same rows a byte per row (1 = holds it), made on first use. */
  mask(): Uint8Array;
}

const held = new WeakMap<Float64Array, Map<number, FlagRows>>();

/**
 * The rows of `column` equal to `value` (SQL's `column = value`: a NULL is never equal), when
 * the column holds only small integers; else null.
 */
export function flagRows(column: Float64Array, value: number): FlagRows | null {
  if (!isSmallIntegers(column)) return null;
  let byValue = held.get(column);
  if (!byValue) {
    byValue = new Map();
    held.set(column, byValue);
  }
  // Every value no row can hold is one (empty) entry, so asks cannot grow the sets unbounded.
  const key = Number.isInteger(value) && value >= 0 && value < 255 ? value : -1;
  const known = byValue.get(key);
  if (known) return known;
  const bits = new Uint32Array((column.length + 31) >>> 5);
  let count = 0;
  for (let row = 0; row < column.length; row++) {
    // NaN (a NULL) equals nothing, as in SQL.
    if (column[row] !== value) continue;
    bits[row >>> 5] = (bits[row >>> 5] as number) | (1 << (row & 31));
    count++;
  }
  let mask: Uint8Array | undefined;
  const rows: FlagRows = {
    bits,
    count,
    mask: () => (mask ??= maskOf(bits, column.length)),
  };
  byValue.set(key, rows);
  return rows;
}

function maskOf(bits: Uint32Array, rows: number): Uint8Array {
  const mask = new Uint8Array(rows);
  for (let word = 0; word < bits.length; word++) {
    const set = bits[word] as number;
    if (set === 0) continue;
    const base = word << 5;
    for (let bit = 0; bit < 32 && base + bit < rows; bit++) mask[base + bit] = (set >>> bit) & 1;
  }
  return mask;
}
