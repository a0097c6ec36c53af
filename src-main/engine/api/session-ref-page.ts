import { z } from 'zod';

/**
 * A page of POST /chat/sessions/filter read only for which sessions it lists: the id and the
 * created_at the pager moves its window by. Walks that store nothing (tag membership) take
 * this instead of the full session schema, whose validation of every field was their main cost;
 * the other fields are dropped unread, which the tolerant reading allows.
 */
export const SessionRefPageSchema = z.object({
  data: z.array(z.object({ id: z.string().min(1), created_at: z.iso.datetime({ offset: true }) })),
  has_next: z.boolean(),
});

export type SessionRefPage = z.infer<typeof SessionRefPageSchema>;
export type SessionRef = SessionRefPage['data'][number];
