// The enum values opencx-api.md documents. Responses may carry values not listed here (the API
// grows), so response schemas accept any string; request filters accept only these, as the API does.
export const SESSION_STATUSES = ['open', 'closed_resolved', 'closed_unresolved'] as const;
export const SENTIMENTS = ['angry', 'happy', 'neutral'] as const;
export const AI_CLOSURE_TYPES = ['assumed_resolved', 'handed_off', 'resolved'] as const;
export const CHANNELS = [
  'web',
  'email',
  'phone_voice',
  'slack',
  'sms',
  'whatsapp',
  'instagram',
  'messenger',
  'api',
  'web_voice',
] as const;
export const TICKETING_ID_TYPES = [
  'conversation_id',
  'ticket_id',
  'case_id',
  'conversation_sid',
] as const;
export const SORT_FIELDS = ['last_message_at', 'created_at'] as const;
export const SORT_ORDERS = ['asc', 'desc'] as const;

export type SessionStatus = (typeof SESSION_STATUSES)[number];
export type Sentiment = (typeof SENTIMENTS)[number];
export type AiClosureType = (typeof AI_CLOSURE_TYPES)[number];
export type Channel = (typeof CHANNELS)[number];
export type ApiSortField = (typeof SORT_FIELDS)[number];
export type SortOrder = (typeof SORT_ORDERS)[number];

/** A documented value, or one the API added after this build: kept, shown, never a crash. */
export type Open<T extends string> = T | (string & {});
