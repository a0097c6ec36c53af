import { z } from 'zod';

/** The documented error body of every 4xx/5xx answer. */
export const ApiErrorBodySchema = z.looseObject({
  statusCode: z.number().int(),
  message: z.union([z.string(), z.array(z.string())]),
  error: z.string().optional(),
});

export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;
