import { z } from 'zod';
import { SORT_ORDERS } from '../opencx/enums';

// Local sorts: the API's two keys, two more times and the ticket number, and the values the
// list's columns show (status, sentiment, channel, team name, language, and the contact,
// assignee and tags as their columns show them). Every one is served by the query engine with a
// keyset cursor; the page never sorts rows itself.
export const LOCAL_SORT_FIELDS = [
  'last_message_at',
  'created_at',
  'updated_at',
  'ticket_number',
  'status',
  'sentiment',
  'channel',
  'team',
  'language',
  'contact',
  'assignee',
  'tags',
] as const;

export const SessionSortSchema = z.strictObject({
  field: z.enum(LOCAL_SORT_FIELDS).default('last_message_at'),
  order: z.enum(SORT_ORDERS).default('desc'),
});

export type LocalSortField = (typeof LOCAL_SORT_FIELDS)[number];
export type SessionSort = z.infer<typeof SessionSortSchema>;
