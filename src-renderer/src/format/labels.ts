import type { Channel, SessionStatus } from '../../../src-shared/opencx/enums';
import { FILTER_FIELDS, enumValueLabel } from '../../../src-shared/filter/filter-fields';

// Words a support agent uses for the API's enum values: declared once, beside each filter field,
// in the filter-field table. A value the API added after this build shows as itself, made
// readable, rather than disappearing.

// The table's typed records list every documented value.
export const STATUS_OPTIONS = Object.keys(FILTER_FIELDS.status.values) as SessionStatus[];
export const CHANNEL_OPTIONS = Object.keys(FILTER_FIELDS.channels.values) as Channel[];

export function statusLabel(status: string): string {
  return enumValueLabel(FILTER_FIELDS.status, status);
}

export function channelLabel(channel: string): string {
  return enumValueLabel(FILTER_FIELDS.channels, channel);
}

export function sentimentLabel(sentiment: string): string {
  return enumValueLabel(FILTER_FIELDS.sentiment, sentiment);
}

export function closureLabel(closure: string): string {
  return enumValueLabel(FILTER_FIELDS.ai_closure_type, closure);
}
