import { z } from 'zod';

// A tag has no id: its name is unique within an organisation.
export const TagSchema = z.looseObject({
  tag_name: z.string().min(1),
  description: z.string().nullable().optional(),
  exclude_from_auto_tagging: z.boolean().optional(),
  category_id: z.string().nullable().optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});

export const TagListSchema = z.array(TagSchema);

export type Tag = z.infer<typeof TagSchema>;
