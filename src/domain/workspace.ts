import { z } from 'zod';

/** One force's (or team's) planning area: its sites, layers and, later, procedure records. */
export const Workspace = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(1).max(200),
  forceArea: z.string().max(120),
  description: z.string().max(5000),
  /** Built from the bundled sample data; its sites are illustrative. */
  isSample: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type Workspace = z.infer<typeof Workspace>;
