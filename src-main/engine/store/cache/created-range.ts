import { toEpochMs } from './epoch-ms';

/** A span of created_at: from inclusive, to exclusive, null for open-ended. */
export interface CreatedRange {
  from: string | null;
  to: string | null;
}

/** The range as epoch milliseconds, open ends as the widest safe integers. */
export function rangeMs(range: CreatedRange): [number, number] {
  return [
    range.from === null ? Number.MIN_SAFE_INTEGER : toEpochMs(range.from, 'range.from'),
    range.to === null ? Number.MAX_SAFE_INTEGER : toEpochMs(range.to, 'range.to'),
  ];
}
