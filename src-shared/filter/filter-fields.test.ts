import { describe, expect, it } from 'vitest';
import { FACET_FIELDS } from '../contract/facet-counts';
import { AI_CLOSURE_TYPES, CHANNELS, SENTIMENTS, SESSION_STATUSES } from '../opencx/enums';
import {
  FILTER_FIELD_KEYS,
  FILTER_FIELDS,
  PANEL_FIELDS,
  enumValueLabel,
  facetKeys,
} from './filter-fields';
import { NO_SENTIMENT } from './filter-limits';
import { SessionFilterSchema } from './session-filter';

describe('the filter-field table', () => {
  it('declares every key of the filter model once', () => {
    expect([...FILTER_FIELD_KEYS].sort()).toEqual(Object.keys(SessionFilterSchema.shape).sort());
  });

  it('lists exactly the documented values of each enum, and the local ones', () => {
    const documented = {
      status: SESSION_STATUSES,
      channels: CHANNELS,
      sentiment: [...SENTIMENTS, NO_SENTIMENT],
      ai_closure_type: AI_CLOSURE_TYPES,
    };
    for (const [key, values] of Object.entries(documented)) {
      const field = FILTER_FIELDS[key as keyof typeof documented];
      expect(Object.keys(field.values).sort()).toEqual([...values].sort());
    }
  });

  it('gives every facet its keys; assignee owns assignee_ids and unassigned', () => {
    for (const facet of FACET_FIELDS) expect(facetKeys(facet).length).toBeGreaterThan(0);
    expect(facetKeys('assignee')).toEqual(['assignee_ids', 'unassigned']);
    expect(facetKeys('tag')).toEqual(['tags']);
  });

  it('puts the panel groups in table order', () => {
    expect(PANEL_FIELDS.map(({ field }) => field.label)).toEqual([
      'Status',
      'Sentiment',
      'AI closure',
      'Channel',
      'Team',
      'Assignee',
      'Tag',
      'Language',
    ]);
  });

  it('labels enum values, and an unknown value as readable text', () => {
    expect(enumValueLabel(FILTER_FIELDS.status, 'closed_resolved')).toBe('Resolved');
    expect(enumValueLabel(FILTER_FIELDS.channels, 'tiktok_live')).toBe('Tiktok live');
    expect(enumValueLabel(FILTER_FIELDS.status, 'constructor')).toBe('Constructor');
  });
});
