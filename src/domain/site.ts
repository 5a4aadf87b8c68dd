import { z } from 'zod';

/** The life of an NRD location, from proposal through the annual review to decommission. */
export const LIFECYCLE_STATUSES = [
  'proposed',
  'under-assessment',
  'approved',
  'rejected',
  'live',
  'under-review',
  'continued',
  'decommissioned',
] as const;
export const LifecycleStatus = z.enum(LIFECYCLE_STATUSES);
export type LifecycleStatus = z.infer<typeof LifecycleStatus>;

/** How the user gave the position, kept so that the record shows what was entered, not only WGS84. */
export const EnteredCoordinates = z.discriminatedUnion('crs', [
  z.object({ crs: z.literal('EPSG:4326'), lon: z.number(), lat: z.number() }),
  z.object({ crs: z.literal('EPSG:27700'), easting: z.number(), northing: z.number() }),
  z.object({ crs: z.literal('OS-GRID-REF'), gridReference: z.string().min(2).max(20) }),
]);
export type EnteredCoordinates = z.infer<typeof EnteredCoordinates>;

/** A number plate reading device (NRD) location: an existing camera or a proposed one. */
export const Site = z.object({
  id: z.string().min(1),
  workspaceId: z.string().min(1),
  reference: z.string().trim().min(1).max(64),
  name: z.string().max(200),
  kind: z.enum(['existing', 'proposed']),
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  enteredAs: EnteredCoordinates,
  /** Compass bearing the camera faces; null for a device without a known aim (drawn as a circle). */
  bearingDegrees: z.number().min(0).lt(360).nullable(),
  rangeMetres: z.number().positive().max(5000),
  fieldOfViewDegrees: z.number().positive().max(360),
  lanes: z.number().int().min(1).max(20).nullable(),
  directionOfTravel: z.string().max(100),
  road: z.string().max(200),
  status: LifecycleStatus,
  forceArea: z.string().max(120),
  region: z.string().max(120),
  notes: z.string().max(5000),
  /** True for sites made up for the bundled sample: no public register of NRD locations exists. */
  illustrative: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Site = z.infer<typeof Site>;
