import { PRESSING_SOCIAL_NEED_FACTORS, type PressingSocialNeed, type PressingSocialNeedFactor } from '../domain/procedure-record.ts';
import { privacyImpactPrefill, wholeNumber } from './privacy-impact.ts';
import { PRESSING_SOCIAL_NEED_TEXT } from './procedure-text.ts';
import type { SiteEvidence } from './site-evidence.ts';

const PERCENT = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 });

/** "The numbers of people that are, or could be affected": the crimes the NRD would see, and from which layer. */
function peopleAffected({ total, layerName, byType, hotSpotsTouched, hotSpotsTotal }: NonNullable<SiteEvidence['crimes']>): string {
  const top = [...byType].sort((a, b) => b.crimes - a.crimes).slice(0, 3);
  const types = top.length > 0 ? `; the most frequent: ${top.map(({ type, crimes }) => `${type} (${wholeNumber(crimes)})`).join(', ')}` : '';
  const hotSpots = hotSpotsTotal > 0 ? ` The coverage touches ${wholeNumber(hotSpotsTouched)} of ${wholeNumber(hotSpotsTotal)} crime hot spots.` : '';
  return `${wholeNumber(total)} crimes recorded within the coverage of this location (layer "${layerName}")${types}.${hotSpots}`;
}

/** "How the use of ANPR will assist": what the location adds to the NRDs already in use. */
function howAnprHelps({ nearestExisting, overlapShare, marginalCrimes }: NonNullable<SiteEvidence['fit']>): string {
  const nearest = nearestExisting
    ? `The nearest NRD in use is ${nearestExisting.reference}, ${wholeNumber(nearestExisting.distanceMetres)} m away; ${PERCENT.format(overlapShare)} of the coverage is shared with NRDs in use.`
    : 'No NRD in use is on the register to share the coverage.';
  return `Of the crimes within the coverage, ${wholeNumber(marginalCrimes)} are covered by no NRD in use. ${nearest}`;
}

/** "The scope of privacy intrusion – How many people does this affect?": residents and traffic, saying which layer is missing. */
function privacyIntrusion(evidence: SiteEvidence): string {
  if (evidence.residents === null && evidence.transient === null) return '';
  const { residentImpact, transientImpact } = privacyImpactPrefill(evidence);
  return `${residentImpact} ${transientImpact}`;
}

/**
 * A new pressing social need for a site, the factors that the figures bear on prefilled from them for
 * the user to weigh; the others, and the weighing itself, are for the user.
 */
export function newPressingSocialNeed(evidence: SiteEvidence | null, strategicAssessmentId: string | null): PressingSocialNeed {
  const factors = Object.fromEntries(PRESSING_SOCIAL_NEED_FACTORS.map((factor) => [factor, ''])) as Record<PressingSocialNeedFactor, string>;
  if (evidence) {
    if (evidence.crimes) factors['people-affected'] = peopleAffected(evidence.crimes);
    if (evidence.fit) factors['how-anpr-helps'] = howAnprHelps(evidence.fit);
    factors['privacy-intrusion'] = privacyIntrusion(evidence);
  }
  return { strategicAssessmentId, factors, weighing: '', needIdentified: null, figures: null };
}

/** What the assessment still lacks: each factor, their weighing, and the conclusion. */
export function missingFromPressingSocialNeed(psn: PressingSocialNeed): string[] {
  const missing = PRESSING_SOCIAL_NEED_FACTORS.filter((factor) => !psn.factors[factor].trim()).map(
    (factor) => `Consider "${PRESSING_SOCIAL_NEED_TEXT[factor].label}": ${PRESSING_SOCIAL_NEED_TEXT[factor].guidance}`,
  );
  if (!psn.weighing.trim()) missing.push('Weigh the factors: "All of the factors considered should be weighed against each other".');
  if (psn.needIdentified === null) missing.push('Say whether a pressing social need is identified.');
  return missing;
}
