import { describe, expect, it } from 'vitest';
import { CHANNEL_OPTIONS, channelLabel, STATUS_OPTIONS, statusLabel } from './labels';

describe('labels', () => {
  it('names every documented status and channel', () => {
    expect(STATUS_OPTIONS).toEqual(['open', 'closed_resolved', 'closed_unresolved']);
    expect(CHANNEL_OPTIONS).toHaveLength(10);
    expect(statusLabel('closed_resolved')).toBe('Resolved');
    expect(channelLabel('whatsapp')).toBe('WhatsApp');
  });

  it('shows a value the API added later as readable text instead of dropping it', () => {
    expect(channelLabel('tiktok_live')).toBe('Tiktok live');
    expect(statusLabel('snoozed')).toBe('Snoozed');
  });
});
