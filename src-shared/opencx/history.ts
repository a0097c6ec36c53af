import { z } from 'zod';

export const AttachmentSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  size: z.number(),
  type: z.string(),
  url: z.string(),
});

// Event types beyond those opencx-api.md lists are kept as opaque events.
export const HistoryEventSchema = z.looseObject({
  id: z.string().min(1),
  created_at: z.iso.datetime({ offset: true }),
  event: z.looseObject({
    type: z.string().min(1),
    sender: z.looseObject({ type: z.string(), name: z.string().nullable().optional() }).optional(),
    content: z.looseObject({ type: z.string(), text: z.string().optional() }).optional(),
    attachments: z.array(AttachmentSchema).optional(),
  }),
});

export const HistoryPageSchema = z.looseObject({
  items: z.array(HistoryEventSchema),
  next: z.string().nullable(),
});

export type HistoryEvent = z.infer<typeof HistoryEventSchema>;
export type HistoryPage = z.infer<typeof HistoryPageSchema>;
