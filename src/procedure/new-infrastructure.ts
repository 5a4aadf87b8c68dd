import type { Decision, FrozenFigures, PressingSocialNeed, PrivacyImpact } from '../domain/procedure-record.ts';
import { STATUS_LABELS, type Site } from '../domain/site.ts';
import { changeStatus, type StatusChangeResult } from './lifecycle.ts';
import { missingFromPrivacyImpact } from './privacy-impact.ts';

/** The records a new decision cites: the strategic assessment, and the site's pressing social need and privacy impact assessment. */
export interface DecisionCitations {
  strategicAssessmentId: string | null;
  pressingSocialNeedId: string | null;
  privacyImpactId: string | null;
}

/** A new decision under "New ANPR Infrastructure", citing the assessments it rests on, dated `today` until the user says otherwise. */
export function newDecision({ strategicAssessmentId, pressingSocialNeedId, privacyImpactId }: DecisionCitations, fitFigures: FrozenFigures | null, today: string): Decision {
  return {
    strategicAssessmentId,
    locations: '',
    existingReview: '',
    fitFigures,
    pressingSocialNeedId,
    privacyImpactId,
    proportionality: '',
    outcome: null,
    decidedOn: today,
    justification: '',
    concluded: false,
  };
}

/** The records a decision rests on: those it cites, or for a decision from before it cited one, the site's latest. */
export interface DecisionContext {
  pressingSocialNeed: PressingSocialNeed | null;
  privacyImpact: PrivacyImpact | null;
}

/**
 * What the decision still lacks, step by step of "New ANPR Infrastructure". An approval also needs a
 * complete privacy impact assessment and an identified pressing social need; a rejection does not.
 */
export function missingFromDecision(decision: Decision, { pressingSocialNeed, privacyImpact }: DecisionContext): string[] {
  const missing: string[] = [];
  if (decision.strategicAssessmentId === null) missing.push('Step 1: cite the strategic assessment the locations are identified from.');
  if (!decision.locations.trim()) missing.push('Step 1: identify the locations where deployment of ANPR may be an appropriate tactical response.');
  if (!decision.existingReview.trim()) {
    missing.push("Step 2: review existing ANPR locations, including how the new infrastructure will 'fit' with existing regional and national infrastructure.");
  }
  if (!decision.proportionality.trim()) missing.push('Step 3: assess the proposal in the context of any impact on privacy.');
  if (decision.outcome === 'approve') {
    if (decision.privacyImpactId === null || privacyImpact === null) missing.push('Step 3: an approval needs the privacy impact assessment of this location.');
    else if (missingFromPrivacyImpact(privacyImpact).length > 0) missing.push('Step 3: complete the privacy impact assessment before approving.');
    if (decision.pressingSocialNeedId === null) {
      missing.push('Step 3: an approval needs the pressing social need of this location cited.');
    } else if (pressingSocialNeed?.needIdentified !== 'yes') {
      missing.push('"It is essential that a pressing social need is identified for a deployment of new infrastructure": record one before approving.');
    }
  }
  if (decision.outcome === null) missing.push('Step 4: determine if the development should take place.');
  if (!decision.decidedOn) missing.push('Step 4: give the date of the decision.');
  if (!decision.justification.trim()) missing.push('Step 4: give the justification for the decision.');
  return missing;
}

/**
 * The site's lifecycle moved by a decision: a proposal is put under assessment, then approved or
 * rejected, all dated the day of the decision with its justification as the reason.
 */
export function decisionTransitions(site: Site, decision: Decision, by: string, recordedAt: string, today: string): StatusChangeResult {
  if (site.status !== 'proposed' && site.status !== 'under-assessment') {
    return { ok: false, message: `${site.reference} is ${STATUS_LABELS[site.status].toLowerCase()}: a decision on new infrastructure is for proposed sites under assessment.` };
  }
  if (decision.outcome === null) return { ok: false, message: 'Step 4: determine if the development should take place before recording the decision.' };
  const request = { date: decision.decidedOn, by, reason: decision.justification };
  const assessed = site.status === 'proposed' ? changeStatus(site, { ...request, to: 'under-assessment' }, recordedAt, today) : { ok: true as const, site };
  if (!assessed.ok) return assessed;
  return changeStatus(assessed.site, { ...request, to: decision.outcome === 'approve' ? 'approved' : 'rejected' }, recordedAt, today);
}
