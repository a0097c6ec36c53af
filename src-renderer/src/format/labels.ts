import type { Channel, Sentiment, SessionStatus } from '../../../src-shared/opencx/enums';

// Words a support agent uses for the API's enum values. A value the API added after this build
// shows as itself, made readable, rather than disappearing.
const STATUS_LABELS: Record<SessionStatus, string> = {
  open: 'Open',
  closed_resolved: 'Resolved',
  closed_unresolved: 'Unresolved',
};

const CHANNEL_LABELS: Record<Channel, string> = {
  web: 'Web chat',
  email: 'Email',
  phone_voice: 'Phone',
  slack: 'Slack',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  instagram: 'Instagram',
  messenger: 'Messenger',
  api: 'API',
  web_voice: 'Web voice',
};

const SENTIMENT_LABELS: Record<Sentiment, string> = {
  angry: 'Angry',
  neutral: 'Neutral',
  happy: 'Happy',
};

// The typed records make the compiler list every documented value; the filter panel offers them.
export const STATUS_OPTIONS = Object.keys(STATUS_LABELS) as SessionStatus[];
export const CHANNEL_OPTIONS = Object.keys(CHANNEL_LABELS) as Channel[];
export const SENTIMENT_OPTIONS = Object.keys(SENTIMENT_LABELS) as Sentiment[];

export function sentimentLabel(sentiment: string): string {
  return (SENTIMENT_LABELS as Record<string, string>)[sentiment] ?? readable(sentiment);
}

export function statusLabel(status: string): string {
  return (STATUS_LABELS as Record<string, string>)[status] ?? readable(status);
}

export function channelLabel(channel: string): string {
  return (CHANNEL_LABELS as Record<string, string>)[channel] ?? readable(channel);
}

function readable(value: string): string {
  const spaced = value.replaceAll('_', ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
