import type { ContractHandlers } from '../contract/dispatcher';
import type { IndexedQueries } from '../query/column-index/indexed-queries';
import { searchContacts } from '../query/contact-search';
import { customDataKeys, customDataValues } from '../query/custom-data-keys';
import { sessionHistogram } from '../query/session-histogram';
import type { CacheReads } from '../store/cache/cache-reads';

export type FilterReadHandlers = Pick<
  ContractHandlers,
  'sessions.histogram' | 'contacts.search' | 'custom_data.keys' | 'custom_data.values'
>;

/**
 * What the filter panel and the chart read besides the list: answered from a cache's read
 * interface only (the open account's cache in the app and the web host, --db in the CLI), so
 * they work offline exactly as online. Without a cache there is nothing to offer.
 */
export function filterReadHandlers(
  cache: () => CacheReads | null,
  now: () => number,
  indexed: () => IndexedQueries | null = () => null,
): FilterReadHandlers {
  return {
    'sessions.histogram': (input) => {
      const reads = cache();
      return Promise.resolve(
        reads
          ? (indexed()?.histogram(input, now()) ?? sessionHistogram(reads.reader, input, now()))
          : {
              field: input.field,
              stack_by: input.stack_by,
              unit: 'day',
              starts: [],
              series: [],
              total: 0,
              elapsed_ms: 0,
            },
      );
    },
    'contacts.search': (input) => {
      const reads = cache();
      return Promise.resolve(reads ? searchContacts(reads.reader, input) : []);
    },
    'custom_data.keys': () => {
      const reads = cache();
      return Promise.resolve(reads ? customDataKeys(reads.reader) : []);
    },
    'custom_data.values': (input) => {
      const reads = cache();
      return Promise.resolve(
        reads
          ? customDataValues(reads.reader, {
              key: input.key,
              ...(input.type ? { type: input.type } : {}),
              prefix: input.prefix,
              limit: input.limit,
            })
          : [],
      );
    },
  };
}
