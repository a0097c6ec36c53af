import type { FileIdentity } from '../file-identity';

/** The cache's `PRAGMA application_id`: "SDC1" (Session Desk Cache, first format). */
export const CACHE_APPLICATION_ID = 0x53444331;

/** How a Session Desk cache is told apart from any other file (see ../file-identity). */
export const CACHE_IDENTITY: FileIdentity = {
  applicationId: CACHE_APPLICATION_ID,
  // What the first migration creates: every cache any build has migrated has them.
  tables: ['sessions', 'session_documents', 'deleted_sessions', 'sync_state'],
};
