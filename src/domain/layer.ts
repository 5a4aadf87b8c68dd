import { z } from 'zod';

export const LAYER_KINDS = ['crime', 'cni', 'sensitive', 'population', 'traffic', 'boundary', 'other'] as const;
export const LayerKind = z.enum(LAYER_KINDS);
export type LayerKind = z.infer<typeof LayerKind>;

/**
 * Words in a file name or header that say what the points are, as whole words ("GPS" is not "GP"); test them
 * against `nameWords(text)`: the import guesses a layer's kind with them, the sensitive places analysis
 * reads layer names with them.
 */
export const SENSITIVE_WORDS =
  /\b(?:schools?|academy|academies|colleges?|nurser(?:y|ies)|education|worship|churche?s?|chapels?|mosques?|synagogues?|temples?|gurdwaras?|religious|health|healthcare|hospitals?|hospices?|surger(?:y|ies)|clinics?|gp|doctors?|pharmac(?:y|ies))\b/;
export const CNI_WORDS = /\b(?:cni|substations?|power|stations?|rail|railways?|infrastructure|electricity|energy)\b/;

/** "railwayStations.csv" and "stationName" read as words: camelCase, snake_case and kebab-case split, lower case. */
export const nameWords = (text: string) => text.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().replace(/[^a-z0-9]+/g, ' ');


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
