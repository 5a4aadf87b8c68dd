import { z } from 'zod';

/**
 * The records the Home Office procedure asks to be kept: the strategic assessment of an area, and for
 * each NRD location its pressing social need, privacy assessment, consultations, the decision on new
 * infrastructure and every annual review (Appendix A). A record is a chain of versions; a version is
 * never changed once saved.
 */
export const RECORD_KINDS = ['strategic-assessment', 'pressing-social-need', 'privacy-impact', 'consultation', 'decision', 'annual-review'] as const;
export const RecordKind = z.enum(RECORD_KINDS);
export type RecordKind = z.infer<typeof RecordKind>;

export const RECORD_KIND_LABELS: Record<RecordKind, string> = {
  'strategic-assessment': 'Strategic assessment',
  'pressing-social-need': 'Pressing social need',
  'privacy-impact': 'Privacy impact assessment',
  consultation: 'Consultation',
  decision: 'New infrastructure decision',
  'annual-review': 'Annual review',
};

const Text = z.string().max(20_000);
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
/** A date the user gives (YYYY-MM-DD), or empty while the record is a draft. */
const OptionalDate = z.union([z.iso.date(), z.literal('')]);
/** A yes or no the procedure asks for; null until it is answered. */
export const YesNo = z.enum(['yes', 'no']).nullable();
export type YesNo = z.infer<typeof YesNo>;

/** The procedure's four categories of strategic threat, in its order. */
export const THREAT_CATEGORIES = ['national-security', 'serious-organised-crime', 'local-crime', 'community-confidence'] as const;
export const ThreatCategory = z.enum(THREAT_CATEGORIES);
export type ThreatCategory = z.infer<typeof ThreatCategory>;

/** How much a category of threat matters to the area, as its strategic assessment rates it. */
export const THREAT_PRIORITIES = ['high', 'medium', 'low', 'not-a-priority'] as const;
export const ThreatPriority = z.enum(THREAT_PRIORITIES);
export type ThreatPriority = z.infer<typeof ThreatPriority>;

export const THREAT_PRIORITY_LABELS: Record<ThreatPriority, string> = {
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  'not-a-priority': 'Not a priority',
};

/**
 * Analysis figures as they stood when the evidence was taken: labelled values, not live numbers, so that
 * the record keeps saying what the assessment was based on after the layers or the site change.
 */
export const FrozenFigures = z.object({
  takenAt: z.iso.datetime(),
  /** What the figures are of: a site ("BANES-P01 Wellsway") or an area. */
  subject: z.string().max(300),
  rows: z.array(z.object({ label: z.string().max(300), value: z.string().max(300) })).max(500),
  /** The layers they were counted from, by name. */
  layers: z.array(z.string().max(300)).max(50),
});
export type FrozenFigures = z.infer<typeof FrozenFigures>;

/** A file attached to a record. The bytes live in their own table; the record keeps their SHA-256, so its hash covers them. */
export const AttachmentRef = z.object({
  id: z.string().min(1),
  name: z.string().max(300),
  type: z.string().max(200),
  size: z.number().int().nonnegative(),
  sha256: Sha256,
});
export type AttachmentRef = z.infer<typeof AttachmentRef>;

/** One piece of evidence: text, a file, a layer of the workspace, or figures frozen from the analysis. */
export const EvidenceItem = z.object({
  id: z.string().min(1),
  /** The threat category it supports, if one. */
  category: ThreatCategory.nullable(),
  title: z.string().max(300),
  text: Text,
  attachment: AttachmentRef.nullable(),
  layer: z.object({ id: z.string(), name: z.string().max(300) }).nullable(),
  figures: FrozenFigures.nullable(),
});
export type EvidenceItem = z.infer<typeof EvidenceItem>;

/** "Strategic assessment of policing challenges within an area": kept, and reviewed at regular intervals. */
export const StrategicAssessment = z.object({
  /** The force or area assessed; sites whose force area matches can cite it. */
  area: z.string().max(200),
  assessedOn: OptionalDate,
  /** The assessment against each category of strategic threat. */
  threats: z.record(ThreatCategory, Text),
  /**
   * The priority given to each category, where one is given: an absent category is not rated. Optional
   * with no default, so that versions sealed before it existed parse to the same JSON and keep their hash.
   */
  priorities: z.partialRecord(ThreatCategory, ThreatPriority).optional(),
  evidence: z.array(EvidenceItem).max(200),
  /** How long the record is kept, and why. */
  retention: Text,
  nextReviewOn: OptionalDate,
});
export type StrategicAssessment = z.infer<typeof StrategicAssessment>;

/** The seven factors of "Pressing Social Need", in the procedure's order. */
export const PRESSING_SOCIAL_NEED_FACTORS = [
  'people-affected',
  'damage-or-distress',
  'local-views',
  'societal-views',
  'alternative-tactics',
  'how-anpr-helps',
  'privacy-intrusion',
] as const;
export const PressingSocialNeedFactor = z.enum(PRESSING_SOCIAL_NEED_FACTORS);
export type PressingSocialNeedFactor = z.infer<typeof PressingSocialNeedFactor>;

export const PressingSocialNeed = z.object({
  /** The record id of the strategic assessment that identified the threat. */
  strategicAssessmentId: z.string().nullable(),
  factors: z.record(PressingSocialNeedFactor, Text),
  /** "All of the factors considered should be weighed against each other." */
  weighing: Text,
  /** Is a pressing social need identified? */
  needIdentified: YesNo,
  figures: FrozenFigures.nullable(),
});
export type PressingSocialNeed = z.infer<typeof PressingSocialNeed>;

/** The ICO screening elements, which the procedure answers for an established ANPR infrastructure. */
export const SCREENING_ELEMENTS = ['technology', 'identity', 'multiple-organisations', 'data'] as const;
export const ScreeningElement = z.enum(SCREENING_ELEMENTS);
export type ScreeningElement = z.infer<typeof ScreeningElement>;

/** "Privacy assessment process": the screening and the six steps, with a record maintained of the process. */
export const PrivacyImpact = z.object({
  screening: z.record(ScreeningElement, Text),
  /** Step 1: the strategic assessment reviewed to confirm the proposed location. */
  strategicAssessmentId: z.string().nullable(),
  strategicAssessmentReview: Text,
  /** Step 2. */
  pressingSocialNeedReview: Text,
  /** Step 3: potential privacy impacts. */
  locationImpact: Text,
  residentImpact: Text,
  transientImpact: Text,
  /** Step 4. */
  stakeholders: Text,
  /** Step 5: the extent of consultation; if limited, the reasons fully recorded. */
  consultation: Text,
  consultationLimited: z.boolean(),
  consultationLimitedReasons: Text,
  /** Step 6: information for people entering an area covered by ANPR. */
  signage: Text,
  website: Text,
  otherPublications: Text,
  figures: FrozenFigures.nullable(),
});
export type PrivacyImpact = z.infer<typeof PrivacyImpact>;

/** How much of the location a consultation disclosed: exact locations need not be disclosed. */
export const LOCATION_DISCLOSURES = ['exact', 'general-area', 'not-disclosed'] as const;
export const Consultation = z.object({
  /** Who was consulted: persons, organisations, consultation groups. */
  consultees: Text,
  heldOn: OptionalDate,
  /** How: meeting, survey, established consultation group, letter... */
  method: Text,
  /** What was said. */
  said: Text,
  outcome: Text,
  locationDisclosure: z.enum(LOCATION_DISCLOSURES),
  /** Transparency given alongside: signs, website entries, publications. */
  transparency: Text,
});
export type Consultation = z.infer<typeof Consultation>;

/** "New ANPR Infrastructure": four steps ending in a decision to develop the location or not. */
export const Decision = z.object({
  /** Step 1: locations identified from the strategic assessment. */
  strategicAssessmentId: z.string().nullable(),
  locations: Text,
  /** Step 2: existing locations reviewed; the fit with regional and national infrastructure. */
  existingReview: Text,
  fitFigures: FrozenFigures.nullable(),
  /**
   * Step 3: the pressing social need the deployment rests on ("It is essential that a pressing social need
   * is identified"). Absent from decisions recorded before it was asked for, which rest on the site's latest;
   * optional with no default, so their sealed versions read back as they were hashed.
   */
  pressingSocialNeedId: z.string().nullable().optional(),
  /** Step 3: privacy and proportionality. */
  privacyImpactId: z.string().nullable(),
  proportionality: Text,
  /** Step 4: determine if the development should take place. */
  outcome: z.enum(['approve', 'reject']).nullable(),
  decidedOn: OptionalDate,
  justification: Text,
  /** True in the version that recorded the decision and moved the site's lifecycle; nothing changes it after. */
  concluded: z.boolean(),
});
export type Decision = z.infer<typeof Decision>;

/**
 * One annual review of an NRD location. The Appendix A fields are kept as the template words them; the
 * steps of the first review and of later ones are the procedure's, and `reviewKind` says which applied.
 */
export const AnnualReview = z.object({
  reviewKind: z.enum(['first', 'later']),
  strategicAssessmentId: z.string().nullable(),
  /** Appendix A: "Location of ANPR NRD (ANPR Camera)". */
  location: z.string().max(500),
  /** Appendix A: "Date of Review". */
  reviewedOn: OptionalDate,
  /** "Is location relevant in the context of the strategic assessment and does a pressing social need for a policing response remain?" */
  relevantAndNeedRemains: YesNo,
  relevanceNotes: Text,
  /** "Has ANPR been successful in meeting the aims that justified installation at this location?" */
  successful: YesNo,
  successNotes: Text,
  /** When not successful: the detailed assessment made before confirming continued operation. */
  detailedAssessment: Text,
  /** "Review potential privacy impacts in relation to the location, the resident population and the transient population." */
  locationImpact: Text,
  residentImpact: Text,
  transientImpact: Text,
  /** Later reviews only: have privacy considerations changed since they were last assessed? */
  privacyChanged: YesNo,
  /** "Is continued deployment at location a proportionate response to the assessment?" */
  proportionate: YesNo,
  proportionalityNotes: Text,
  /** "Continued Operation of NRD – Yes [ ] No [ ]" */
  continuedOperation: YesNo,
  /** "Reason for decommissioning or Justification for continued deployment" */
  reasonOrJustification: Text,
  figures: FrozenFigures.nullable(),
  /** True in the version that recorded the outcome and moved the site's lifecycle; nothing changes it after. */
  concluded: z.boolean(),
});
export type AnnualReview = z.infer<typeof AnnualReview>;

export const RECORD_CONTENT = {
  'strategic-assessment': StrategicAssessment,
  'pressing-social-need': PressingSocialNeed,
  'privacy-impact': PrivacyImpact,
  consultation: Consultation,
  decision: Decision,
  'annual-review': AnnualReview,
} as const;
export type RecordContent<K extends RecordKind = RecordKind> = z.infer<(typeof RECORD_CONTENT)[K]>;
/** A record's kind with content of that kind: what the procedure's rules read. */
export type KindedContent = { [K in RecordKind]: { kind: K; content: RecordContent<K> } }[RecordKind];

/** What is hashed and who saved it: everything of a version but its own hash. */
const VersionEnvelope = z.object({
  /** This version's own key. */
  versionId: z.string().min(1),
  /** The record the version belongs to: the same for every version of it. */
  recordId: z.string().min(1),
  workspaceId: z.string().min(1),
  /** The NRD location the record is about; null for a strategic assessment, which is about an area. */
  siteId: z.string().nullable(),
  /** 1 for the first version, then one more for each. */
  version: z.number().int().min(1),
  author: z.string().trim().min(1).max(120),
  savedAt: z.iso.datetime(),
  /** Why this version was saved, when it changes an earlier one. */
  note: z.string().max(2000),
  /** The hash of version - 1, or null for version 1. */
  previousHash: Sha256.nullable(),
});

const versionOf = <K extends RecordKind>(kind: K) => VersionEnvelope.extend({ kind: z.literal(kind), content: RECORD_CONTENT[kind] });

/** A version as it is hashed: before `hash` is added. */
export const UnsealedVersion = z.discriminatedUnion('kind', [
  versionOf('strategic-assessment'),
  versionOf('pressing-social-need'),
  versionOf('privacy-impact'),
  versionOf('consultation'),
  versionOf('decision'),
  versionOf('annual-review'),
]);
export type UnsealedVersion = z.infer<typeof UnsealedVersion>;

/** A stored version: its SHA-256 (hex) is over its canonical JSON, which includes the previous version's hash. */
export const RecordVersion = z.discriminatedUnion('kind', [
  versionOf('strategic-assessment').extend({ hash: Sha256 }),
  versionOf('pressing-social-need').extend({ hash: Sha256 }),
  versionOf('privacy-impact').extend({ hash: Sha256 }),
  versionOf('consultation').extend({ hash: Sha256 }),
  versionOf('decision').extend({ hash: Sha256 }),
  versionOf('annual-review').extend({ hash: Sha256 }),
]);
export type RecordVersion = z.infer<typeof RecordVersion>;
export type RecordVersionOf<K extends RecordKind> = Extract<RecordVersion, { kind: K }>;

/** A file's bytes, stored apart from the record versions that cite it. */
export interface StoredAttachment {
  id: string;
  workspaceId: string;
  name: string;
  type: string;
  size: number;
  sha256: string;
  data: ArrayBuffer;
}
