import type { Migration } from '../../migrate';
import { initialCacheSchema } from './001-initial';
import { fullTextSearch } from './002-full-text-search';
import { sortIndexes } from './003-sort-indexes';
import { sessionCounts } from './004-session-counts';
import { hourlyCounts } from './005-hourly-counts';
import { lighterWrites } from './006-lighter-writes';
import { writesPerPage } from './007-writes-per-page';
import { sortLabels } from './008-sort-labels';
import { fullTextVocabulary } from './009-full-text-vocabulary';
import { deferredIndexes } from './010-deferred-indexes';

/** Every cache migration, in order. Add a file per step; never edit a shipped one. */
export const cacheMigrations: readonly Migration[] = [
  initialCacheSchema,
  fullTextSearch,
  sortIndexes,
  sessionCounts,
  hourlyCounts,
  lighterWrites,
  writesPerPage,
  sortLabels,
  fullTextVocabulary,
  deferredIndexes,
];
