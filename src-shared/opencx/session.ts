import { z } from 'zod';

// Response schemas are tolerant: unknown fields are kept (looseObject) and enum-valued fields
// accept any string, because the API grows (channels were added in 2025-26) and a client that
// crashes on a new value loses the user's whole sync.
const isoDateTime = z.iso.datetime({ offset: true });
const customData = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

export const ContactSchema = z.looseObject({
  id: z.string(),
  email: z.string().nullable().optional(),
  phone_number: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  custom_data: customData.nullable().optional(),
  non_verified_name: z.string().nullable().optional(),
  non_verified_email: z.string().nullable().optional(),
  non_verified_custom_data: customData.nullable().optional(),
});

export const TeamSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable().optional(),
});

export const HandoffSchema = z.looseObject({
  summary: z.string().nullable().optional(),
  sentiment: z.string().nullable().optional(),
});

export const TicketingSystemSchema = z.looseObject({
  name: z.string(),
  external_id: z.string(),
  id_type: z.string(),
});

export const SessionSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
  ai_closure_type: z.string().nullable().optional(),
  sentiment: z.string().nullable().optional(),
  channel: z.looseObject({ type: z.string().min(1) }),
  ticket_number: z.number().int(),
  assist_mode: z.boolean(),
  created_at: isoDateTime,
  updated_at: isoDateTime,
  contact: ContactSchema.nullable().optional(),
  language: z.string().nullable().optional(),
  assignee_id: z.string().nullable().optional(),
  custom_data: customData.nullable().optional(),
  team: TeamSchema.nullable().optional(),
  handoff: HandoffSchema.nullable().optional(),
  ticketing_system: TicketingSystemSchema.nullable().optional(),
});

export type Session = z.infer<typeof SessionSchema>;
export type Contact = z.infer<typeof ContactSchema>;
export type Team = z.infer<typeof TeamSchema>;
export type CustomData = z.infer<typeof customData>;
