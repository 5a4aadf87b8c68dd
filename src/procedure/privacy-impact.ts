import { SCREENING_ELEMENTS, type PrivacyImpact, type ScreeningElement } from '../domain/procedure-record.ts';
import { SCREENING_TEXT } from './procedure-text.ts';
import type { SiteEvidence } from './site-evidence.ts';

const WHOLE = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** A count as the prefilled texts write it: 12,300. */
export const wholeNumber = (value: number) => WHOLE.format(value);
const counted = (value: number, one: string, many = `${one}s`) => `${wholeNumber(value)} ${value === 1 ? one : many}`;

const NO_TRAFFIC = 'No traffic count layer is loaded, so the vehicles passing this location are not counted.';

const vehiclePasses = ({ vehiclesPerDay, countPoints, layerName }: NonNullable<SiteEvidence['transient']>) =>
  `about ${counted(vehiclesPerDay, 'vehicle pass', 'vehicle passes')} a day at ${counted(countPoints, 'DfT count point')} (layer "${layerName}")`;

function locationImpact(places: SiteEvidence['sensitivePlaces']): string {
  if (places === null) return 'No layer of sensitive places is loaded, so none are listed.';
  if (places.length === 0) return 'No sensitive places in the loaded layers lie near the location.';
  const listed = [...places]
    .sort((a, b) => a.distanceMetres - b.distanceMetres)
    .map((place) => `${place.name} (layer "${place.layerName}"), ${wholeNumber(place.distanceMetres)} m${place.insideCoverage ? ', inside the coverage' : ''}`);
  return `Sensitive places near the location: ${listed.join('; ')}.`;
}

function residentImpact(residents: SiteEvidence['residents']): string {
  if (residents === null) return 'No population layer is loaded, so the residents within the coverage are not counted.';
  return `Residents within the coverage: about ${wholeNumber(residents.residents)} (area-weighted from ${counted(residents.lsoas, 'LSOA')} in layer "${residents.layerName}").`;
}

function transientImpact(transient: SiteEvidence['transient']): string {
  return transient === null ? NO_TRAFFIC : `Traffic through the coverage: ${vehiclePasses(transient)}.`;
}

/**
 * Step 3's potential privacy impacts "in relation to: a. the location, b. the resident population, c.
 * the transient population", worded from the figures, each saying which layer its number came from.
 * A privacy impact assessment, a pressing social need and an annual review all start from these.
 */
export function privacyImpactPrefill(evidence: SiteEvidence): { locationImpact: string; residentImpact: string; transientImpact: string } {
  return { locationImpact: locationImpact(evidence.sensitivePlaces), residentImpact: residentImpact(evidence.residents), transientImpact: transientImpact(evidence.transient) };
}

const NO_PREFILL = { locationImpact: '', residentImpact: '', transientImpact: '' };

/**
 * A new privacy impact assessment. The screening starts from the procedure's own answers; the data
 * element, "assessed in the context of the impact on privacy for each proposed location", is given
 * the traffic that location would read.
 */
export function newPrivacyImpact(evidence: SiteEvidence | null, strategicAssessmentId: string | null): PrivacyImpact {
  const screening = Object.fromEntries(SCREENING_ELEMENTS.map((element) => [element, SCREENING_TEXT[element].procedureAnswer])) as Record<ScreeningElement, string>;
  if (evidence) {
    screening.data = `${screening.data} ${evidence.transient ? `At this location that is ${vehiclePasses(evidence.transient)}.` : NO_TRAFFIC}`;
  }
  return {
    screening,
    strategicAssessmentId,
    strategicAssessmentReview: '',
    pressingSocialNeedReview: '',
    ...(evidence ? privacyImpactPrefill(evidence) : NO_PREFILL),
    stakeholders: '',
    consultation: '',
    consultationLimited: false,
    consultationLimitedReasons: '',
    signage: '',
    website: '',
    otherPublications: '',
    figures: null,
  };
}

const blank = (text: string) => text.trim() === '';

/** What the assessment still lacks, screening first, then step by step of "Privacy assessment process". */
export function missingFromPrivacyImpact(pia: PrivacyImpact): string[] {
  const missing: string[] = [];
  for (const element of SCREENING_ELEMENTS) if (blank(pia.screening[element])) missing.push(`Screening: give the answer for ${SCREENING_TEXT[element].label}.`);
  if (pia.strategicAssessmentId === null) missing.push('Step 1: cite the strategic assessment reviewed to confirm the proposed location.');
  if (blank(pia.strategicAssessmentReview)) missing.push('Step 1: record the review of the strategic assessment.');
  if (blank(pia.pressingSocialNeedReview)) missing.push('Step 2: record the review of the assessment of “pressing social need”.');
  if (blank(pia.locationImpact)) missing.push('Step 3: identify potential privacy impacts in relation to the location.');
  if (blank(pia.residentImpact)) missing.push('Step 3: identify potential privacy impacts in relation to the resident population.');
  if (blank(pia.transientImpact)) missing.push('Step 3: identify potential privacy impacts in relation to the transient population.');
  if (blank(pia.stakeholders)) missing.push('Step 4: identify relevant stakeholder representatives.');
  if (blank(pia.consultation)) missing.push('Step 5: record the consultation on the proposal: with whom, and how far.');
  if (pia.consultationLimited && blank(pia.consultationLimitedReasons)) missing.push('Step 5: "If consultation is limited then the reasons should be fully recorded."');
  // Step 6: "This should include provision of information in appropriate signs within the policing area, entries the organisations internet site and other publications."
  if (blank(pia.signage)) missing.push('Step 6: say what information is given in signs within the policing area.');
  if (blank(pia.website)) missing.push('Step 6: say what entries the organisation’s internet site has on ANPR.');
  if (blank(pia.otherPublications)) missing.push('Step 6: say what other publications give information on ANPR.');
  return missing;
}
