import type { SeededRandom } from '../data/seeded-random';
import type { FilterSubject } from './session-matcher';

export interface PageSelection<T> {
  items: T[];
  hasNext: boolean;
}

/**
 * One page of the matching subjects, walking an ascending array from the end for `desc`, so a
 * request never sorts. With `shuffle`, every run of equal keys that reaches into the page is
 * shuffled as a whole, so any member of the run may land on the page.
 */
export function selectPage<T extends FilterSubject>(
  sortedAsc: readonly T[],
  options: {
    matches: (subject: T) => boolean;
    key: (subject: T) => number;
    order: 'asc' | 'desc';
    page: number;
    limit: number;
    shuffle?: SeededRandom;
  },
): PageSelection<T> {
  const { matches, key, order, page, limit, shuffle } = options;
  const start = (page - 1) * limit;
  // One more than the page end tells whether a next page exists.
  const needed = start + limit + 1;
  const collected: T[] = [];
  const length = sortedAsc.length;
  for (let i = 0; i < length; i++) {
    const subject = sortedAsc[order === 'asc' ? i : length - 1 - i] as T;
    if (!matches(subject)) continue;
    if (collected.length >= needed) {
      if (!shuffle) break;
      if (key(subject) !== key(collected[needed - 1] as T)) break;
    }
    collected.push(subject);
  }
  if (shuffle) {
    let runStart = 0;
    for (let i = 1; i <= collected.length; i++) {
      if (i === collected.length || key(collected[i] as T) !== key(collected[runStart] as T)) {
        if (i - runStart > 1) shuffle.shuffleInPlace(collected, runStart, i);
        runStart = i;
      }
    }
  }
  return {
    items: collected.slice(start, start + limit),
    hasNext: collected.length > start + limit,
  };
}
