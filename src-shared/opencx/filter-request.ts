import { z } from 'zod';
import {
  AI_CLOSURE_TYPES,
  CHANNELS,
  SENTIMENTS,
  SESSION_STATUSES,
  SORT_FIELDS,
  SORT_ORDERS,
} from './enums';
import { SessionSchema } from './session';

// The request body of POST /chat/sessions/filter exactly as opencx-api.md shapes it (the
// `filters` keys are assumed there). Strict: an unknown key is an error, as the API answers 400.
export const ApiDateRangeSchema = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export const ApiCustomDataSchema = z.record(
  z.string().min(1),
  z.union([z.string(), z.number(), z.boolean()]),
);

export const ApiFiltersSchema = z.strictObject({
  created_at: ApiDateRangeSchema.optional(),
  updated_at: ApiDateRangeSchema.optional(),
  last_message_at: ApiDateRangeSchema.optional(),
  status: z.array(z.enum(SESSION_STATUSES)).optional(),
  sentiment: z.array(z.enum(SENTIMENTS)).optional(),
  ai_closure_type: z.array(z.enum(AI_CLOSURE_TYPES)).optional(),
  channels: z.array(z.enum(CHANNELS)).optional(),
  tags: z.array(z.string().min(1)).optional(),
  assignee_ids: z.array(z.string().min(1)).optional(),
  unassigned: z.boolean().optional(),
  team_ids: z.array(z.string().min(1)).optional(),
  contact_ids: z.array(z.string().min(1)).optional(),
  languages: z.array(z.string().min(1)).optional(),
  handed_off: z.boolean().optional(),
  assist_mode: z.boolean().optional(),
  custom_data: ApiCustomDataSchema.optional(),
});

export const FilterRequestSchema = z.strictObject({
  filters: ApiFiltersSchema.default({}),
  sort_by: z.enum(SORT_FIELDS).default('last_message_at'),
  sort_order: z.enum(SORT_ORDERS).default('desc'),
  page: z.number().int().min(1).default(1),
  limit: z.number().int().min(1).max(100).default(25),
});

export const FilterResponseSchema = z.looseObject({
  data: z.array(SessionSchema),
  page: z.number().int(),
  limit: z.number().int(),
  has_next: z.boolean(),
  has_previous: z.boolean(),
});

export type ApiDateRange = z.infer<typeof ApiDateRangeSchema>;
export type ApiFilters = z.infer<typeof ApiFiltersSchema>;
export type FilterRequest = z.input<typeof FilterRequestSchema>;
export type FilterResponse = z.infer<typeof FilterResponseSchema>;
