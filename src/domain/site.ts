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

export const STATUS_LABELS: Record<LifecycleStatus, string> = {
  proposed: 'Proposed',
  'under-assessment': 'Under assessment',
  approved: 'Approved',
  rejected: 'Rejected',
  live: 'Live',
  'under-review': 'Under review',
  continued: 'Continued after review',
  decommissioned: 'Decommissioned',
};

/** How the user gave the position, kept so that the record shows what was entered, not only WGS84. */
export const EnteredCoordinates = z.discriminatedUnion('crs', [
  z.object({ crs: z.literal('EPSG:4326'), lon: z.number(), lat: z.number() }),
  z.object({ crs: z.literal('EPSG:27700'), easting: z.number(), northing: z.number() }),
  z.object({ crs: z.literal('OS-GRID-REF'), gridReference: z.string().min(2).max(20) }),
]);
export type EnteredCoordinates = z.infer<typeof EnteredCoordinates>;

/** One move through the lifecycle, as the procedure wants it evidenced: when, by whom and why. */
export const StatusChange = z.object({
  from: LifecycleStatus,
  to: LifecycleStatus,
  /** The day the change took effect (YYYY-MM-DD), which may be earlier than the day it was recorded. */
  date: z.iso.date(),
  by: z.string().trim().min(1).max(120),
  reason: z.string().trim().min(1).max(2000),
  recordedAt: z.iso.datetime(),
});
export type StatusChange = z.infer<typeof StatusChange>;

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
  /** Every lifecycle change, oldest first; never rewritten, only appended to. */
  statusHistory: z.array(StatusChange),
  /**
   * Goes up by one with every saved edit. An edit names the revision it was made on, so that a tab
   * working on an older copy cannot silently overwrite what another tab saved since.
   */
  revision: z.number().int().nonnegative(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Site = z.infer<typeof Site>;

/** A site as a file or a form gives it, before the register gives it an identity and a history. */
export const SiteDraft = Site.omit({ id: true, workspaceId: true, statusHistory: true, revision: true, createdAt: true, updatedAt: true });
export type SiteDraft = z.infer<typeof SiteDraft>;

/** Site fields as a user knows them, for messages about what changed. */
export const SITE_FIELD_LABELS: Partial<Record<keyof Site, string>> = {
  reference: 'reference',
  name: 'name',
  kind: 'kind',
  lon: 'position',
  lat: 'position',
  enteredAs: 'position as entered',
  bearingDegrees: 'bearing',
  rangeMetres: 'range',
  fieldOfViewDegrees: 'field of view',
  lanes: 'lanes',
  directionOfTravel: 'direction of travel',
  road: 'road',
  status: 'status',
  statusHistory: 'status history',
  forceArea: 'force area',
  region: 'region',
  notes: 'notes',
};
