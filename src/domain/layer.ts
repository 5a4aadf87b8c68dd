import { z } from 'zod';

export const LAYER_KINDS = ['crime', 'cni', 'sensitive', 'population', 'traffic', 'boundary', 'other'] as const;
export const LayerKind = z.enum(LAYER_KINDS);
export type LayerKind = z.infer<typeof LayerKind>;

export const SourceCrs = z.enum(['EPSG:4326', 'EPSG:27700']);
export type SourceCrs = z.infer<typeof SourceCrs>;

export const SourceFile = z.object({
  name: z.string().min(1).max(500),
  bytes: z.number().int().nonnegative(),
  /** Where the file came from and under what licence, shown as the layer's attribution. */
  attribution: z.string().max(1000),
});
export type SourceFile = z.infer<typeof SourceFile>;

export const LayerStyle = z.object({
  colour: z.string().regex(/^#[0-9a-f]{6}$/i),
  opacity: z.number().min(0).max(1),
  /** Point radius or line width in pixels; layers stored before it existed read as 4. */
  size: z.number().min(1).max(20).default(4),
});
export type LayerStyle = z.infer<typeof LayerStyle>;

/** An imported overlay: its description. Its data lives beside it, as columns (points) or features (shapes). */
export const Layer = z.object({
  id: z.string().min(1),
  workspaceId: z.string().min(1),
  name: z.string().min(1).max(200),
  kind: LayerKind,
  geometry: z.enum(['point', 'polygon', 'line']),
  sourceFiles: z.array(SourceFile).min(1),
  importedAt: z.iso.datetime(),
  rowCounts: z.object({
    read: z.number().int().nonnegative(),
    imported: z.number().int().nonnegative(),
    rejected: z.number().int().nonnegative(),
  }),
  sourceCrs: SourceCrs,
  visible: z.boolean(),
  style: LayerStyle,
});
export type Layer = z.infer<typeof Layer>;
