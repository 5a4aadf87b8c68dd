import { THREAT_CATEGORIES, THREAT_PRIORITY_LABELS, type StrategicAssessment, type ThreatCategory, type ThreatPriority } from '../domain/procedure-record.ts';
import { THREAT_CATEGORY_TEXT } from './procedure-text.ts';
import { assessmentsForArea } from './strategic-assessment.ts';

/**
 * Crimes weighted by type for placing NRDs, the weights taken from the priorities the strategic
 * assessment gives its categories of threat: the assessment is "the essential source of information
 * when considering the development of new ANPR capability". Pure.
 */

/** The category of strategic threat each data.police.uk crime type falls under. */
export const THREAT_OF_CRIME_TYPE: Readonly<Record<string, ThreatCategory>> = {
  // Reassurance and nuisance: what a community asks ANPR for rather than crime it detects.
  'Anti-social behaviour': 'community-confidence',
  'Public order': 'community-confidence',
  // Supply networks, weapons and robbery: where county lines and travelling groups show.
  Drugs: 'serious-organised-crime',
  'Possession of weapons': 'serious-organised-crime',
  Robbery: 'serious-organised-crime',
  // The volume crime of "local crime and policing issues".
  'Bicycle theft': 'local-crime',
  Burglary: 'local-crime',
  'Criminal damage and arson': 'local-crime',
  'Other crime': 'local-crime',
  'Other theft': 'local-crime',
  Shoplifting: 'local-crime',
  'Theft from the person': 'local-crime',
  'Vehicle crime': 'local-crime',
  'Violence and sexual offences': 'local-crime',
};

/** What a priority weighs: a crime of a high-priority threat counts three times one of low priority. */
export const PRIORITY_WEIGHTS: Readonly<Record<ThreatPriority, number>> = { high: 3, medium: 2, low: 1, 'not-a-priority': 0 };

/** A category no assessment rates weighs as "low" does, so that without ratings every crime counts once. */
const NOT_RATED_WEIGHT = 1;

export interface CrimeTypeWeight {
  crimeType: string;
  category: ThreatCategory;
  /** Null when the assessment does not rate the category (or there is no assessment). */
  priority: ThreatPriority | null;
  weight: number;
}

/** A crime type as compared: case and spacing aside, as forces' files and other CSVs vary. */
const typeKey = (crimeType: string) => crimeType.trim().replace(/\s+/g, ' ').toLowerCase();
const CATEGORY_BY_KEY = new Map(Object.entries(THREAT_OF_CRIME_TYPE).map(([crimeType, category]) => [typeKey(crimeType), category]));

/** The category a crime type falls under; a type not in data.police.uk's list is taken as local crime. */
export function threatOfCrimeType(crimeType: string): ThreatCategory {
  return CATEGORY_BY_KEY.get(typeKey(crimeType)) ?? 'local-crime';
}

/** The weight of each crime type, in the order given, from the assessment's priorities (1 each without them). */
export function crimeTypeWeights(assessment: StrategicAssessment | null, crimeTypes: readonly string[]): CrimeTypeWeight[] {
  return crimeTypes.map((crimeType) => {
    const category = threatOfCrimeType(crimeType);
    const priority = assessment?.priorities?.[category] ?? null;
    return { crimeType, category, priority, weight: priority === null ? NOT_RATED_WEIGHT : PRIORITY_WEIGHTS[priority] };
  });
}

/** The categories a crime can fall under, in the procedure's order: national security has no crime type of its own. */
const WEIGHED_CATEGORIES = THREAT_CATEGORIES.filter((category) => category === 'local-crime' || Object.values(THREAT_OF_CRIME_TYPE).includes(category));

/** Where the weights come from, in a sentence for the user. */
export function weightsBasis(assessment: StrategicAssessment | null): string {
  if (!assessment) return 'No strategic assessment rates its threats: every crime type weighs 1.';
  const which = `strategic assessment for ${assessment.area.trim() || 'an unnamed area'}${assessment.assessedOn ? ` of ${assessment.assessedOn}` : ''}`;
  const priorities = assessment.priorities ?? {};
  if (!WEIGHED_CATEGORIES.some((category) => priorities[category])) return `The ${which} rates none of the threats crimes fall under: every crime type weighs 1.`;
  const rated = WEIGHED_CATEGORIES.map((category) => {
    const priority = priorities[category];
    return `${THREAT_CATEGORY_TEXT[category].label} ${priority ? `${THREAT_PRIORITY_LABELS[priority].toLowerCase()} (${PRIORITY_WEIGHTS[priority]})` : `not rated (${NOT_RATED_WEIGHT})`}`;
  });
  // Semicolons: the procedure's category labels have commas of their own.
  return `From the ${which}: ${rated.join('; ')}.`;
}

/** Newest assessment first; an undated draft after every dated one. */
const newestFirst = <T extends { content: StrategicAssessment }>(assessments: readonly T[]) => [...assessments].sort((a, b) => b.content.assessedOn.localeCompare(a.content.assessedOn));

/**
 * The assessment to take the weights from: the newest of the force area's, else the newest of any
 * (one named differently is better than none, and the basis names it), else null.
 */
export function latestAssessmentFor<T extends { recordId: string; content: StrategicAssessment }>(area: string, assessments: readonly T[]): T | null {
  return assessmentsForArea(area, assessments)[0] ?? newestFirst(assessments)[0] ?? null;
}
