import { useMemo, useState } from 'react';
import type { AreaFit } from '../analysis/infrastructure-fit.ts';
import { ALL_LOADED_AREAS, forceAreaKey } from '../analysis/infrastructure-fit.ts';
import { freezeAreaFit, freezeSiteFigures, siteEvidence } from '../analysis/frozen-figures.ts';
import type { SiteFigures } from '../analysis/site-figures.ts';
import type { Layer } from '../domain/layer.ts';
import type { RecordKind, RecordVersionOf } from '../domain/procedure-record.ts';
import { STATUS_LABELS, type Site } from '../domain/site.ts';
import type { PackSite } from '../ui/EvidencePack.tsx';
import type { Workspace } from '../domain/workspace.ts';
import { newAnnualReview } from '../procedure/annual-review.ts';
import { newConsultation } from '../procedure/consultation.ts';
import { newDecision } from '../procedure/new-infrastructure.ts';
import { newPressingSocialNeed } from '../procedure/pressing-social-need.ts';
import { newPrivacyImpact } from '../procedure/privacy-impact.ts';
import { reviewsDue } from '../procedure/review-due.ts';
import { siteProcedure } from '../procedure/site-records.ts';
import { newStrategicAssessment } from '../procedure/strategic-assessment.ts';
import type { NrdDatabase } from '../store/database.ts';
import type { RecordFormContext } from '../ui/records/record-forms.tsx';
import { useProcedureRecords, type OpenRecord } from './use-procedure-records.ts';
import { localToday } from './use-register-actions.ts';

interface Wiring {
  db: NrdDatabase;
  workspace: Workspace | undefined;
  /** The register as stored. */
  register: readonly Site[];
  layers: Layer[];
  selectedSite: Site | null;
  /** The selected site's figures, and the register's by area. */
  figures: SiteFigures | null;
  figuresWaiting: string | null;
  registerAreas: AreaFit[] | null;
  /** Any site's figures now, for an evidence pack. */
  figuresOf: (site: Site) => SiteFigures | null;
  setUserName: (name: string) => void;
}

/** An evidence pack for one site (all its records), or for a review round (the reviews concluded between two dates). */
export type PackRequest = { kind: 'site'; siteId: string } | { kind: 'round'; from: string; to: string };

export interface Pack {
  title: string;
  subtitle: string;
  sites: PackSite[];
  verification: { checkedVersions: number; problems: number } | null;
  generatedAt: string;
}

/**
 * The procedure as the workspace screen shows it: records opened from the site panel and the sidebar,
 * new ones prefilled from the figures, the reviews falling due, and verify history.
 */
export function useProcedure({ db, workspace, register, layers, selectedSite, figures, figuresWaiting, registerAreas, figuresOf, setUserName }: Wiring) {
  const records = useProcedureRecords(db, workspace?.id, register, setUserName);
  const [showingReviewsDue, setShowingReviewsDue] = useState(false);
  const [pack, setPack] = useState<Pack | null>(null);
  const today = localToday();
  const { latest } = records;

  const strategicAssessments = useMemo(() => latest.filter((version): version is RecordVersionOf<'strategic-assessment'> => version.kind === 'strategic-assessment'), [latest]);
  const procedureBySite = useMemo(() => new Map(register.map((site) => [site.id, siteProcedure(site, latest)])), [register, latest]);
  const due = useMemo(
    () => reviewsDue([...register], new Map([...procedureBySite].map(([siteId, procedure]) => [siteId, procedure.completedReviewDates])), today),
    [register, procedureBySite, today],
  );

  const siteSubject = (site: Site) => `${site.reference}${site.name ? ` ${site.name}` : ''}`;

  const openRecord = (kind: RecordKind, recordId: string | null, site: Site | null) => {
    if (recordId) {
      const stored = latest.find((version) => version.recordId === recordId);
      if (stored) records.setOpen({ kind: stored.kind, recordId, siteId: stored.siteId, initial: stored.content } as OpenRecord);
      return;
    }
    if (kind === 'strategic-assessment' || !site) {
      records.setOpen({ kind: 'strategic-assessment', recordId: null, siteId: null, initial: newStrategicAssessment(workspace?.forceArea ?? '', today) });
      return;
    }
    const procedure = procedureBySite.get(site.id) ?? siteProcedure(site, latest);
    const assessmentId = procedure.strategicAssessments[0]?.recordId ?? null;
    const evidence = figures && selectedSite?.id === site.id ? siteEvidence(figures) : null;
    const frozen = figures && selectedSite?.id === site.id ? freezeSiteFigures(siteSubject(site), figures, new Date().toISOString()) : null;
    const base = { recordId: null, siteId: site.id };
    switch (kind) {
      case 'pressing-social-need':
        return records.setOpen({ ...base, kind, initial: { ...newPressingSocialNeed(evidence, assessmentId), figures: frozen } });
      case 'privacy-impact':
        return records.setOpen({ ...base, kind, initial: { ...newPrivacyImpact(evidence, assessmentId), figures: frozen } });
      case 'consultation':
        return records.setOpen({ ...base, kind, initial: newConsultation(today) });
      case 'decision':
        return records.setOpen({ ...base, kind, initial: newDecision({ strategicAssessmentId: assessmentId, pressingSocialNeedId: procedure.pressingSocialNeed?.recordId ?? null, privacyImpactId: procedure.privacyImpact?.recordId ?? null }, frozen, today) });
      case 'annual-review':
        return records.setOpen({ ...base, kind, initial: newAnnualReview(site, procedure.nextReviewKind, today, evidence, frozen, assessmentId) });
    }
  };

  const open = records.open;
  const openSite = open?.siteId ? (register.find((site) => site.id === open.siteId) ?? null) : null;
  const areaFit = (area: string) => registerAreas?.find((fit) => forceAreaKey(fit.area) === forceAreaKey(area)) ?? registerAreas?.find((fit) => fit.area === ALL_LOADED_AREAS) ?? null;
  const formContext = (): RecordFormContext => {
    const assessments = openSite ? (procedureBySite.get(openSite.id)?.strategicAssessments ?? []) : strategicAssessments;
    const fitForArea = open?.kind === 'strategic-assessment' ? areaFit(open.initial.area) : null;
    const siteFiguresHere = openSite && figures && selectedSite?.id === openSite.id ? figures : null;
    return {
      strategicAssessments: assessments.map((version) => ({ recordId: version.recordId, label: `${version.content.area || 'Unnamed area'} ${version.content.assessedOn}` })),
      privacyImpacts: latest
        .filter((version) => version.kind === 'privacy-impact' && version.siteId === open?.siteId)
        .map((version) => ({ recordId: version.recordId, label: `Privacy impact assessment, ${version.savedAt.slice(0, 10)} (v${version.version})` })),
      pressingSocialNeeds: latest
        .filter((version): version is RecordVersionOf<'pressing-social-need'> => version.kind === 'pressing-social-need' && version.siteId === open?.siteId)
        .map((version) => ({
          recordId: version.recordId,
          label: `Pressing social need, ${version.savedAt.slice(0, 10)} (v${version.version}): ${version.content.needIdentified === 'yes' ? 'identified' : version.content.needIdentified === 'no' ? 'not identified' : 'not yet answered'}`,
        })),
      layers: layers.map((layer) => ({ id: layer.id, name: layer.name })),
      takeFigures:
        open?.kind === 'strategic-assessment'
          ? fitForArea && (() => freezeAreaFit(fitForArea, new Date().toISOString()))
          : siteFiguresHere && openSite && (() => freezeSiteFigures(siteSubject(openSite), siteFiguresHere, new Date().toISOString())),
      noFiguresReason: figuresWaiting ?? (open?.kind === 'strategic-assessment' ? 'Import a crime layer to keep the register’s figures.' : 'Select the site on the map to keep its figures.'),
      attach: records.attach,
      openAttachment: (attachment) => void records.openAttachment(attachment.id),
    };
  };

  const problemsOf = (recordId: string | null) => {
    const found = new Map<number, string[]>();
    for (const problem of records.verification?.report.problems ?? []) {
      if (problem.recordId !== recordId || problem.version === null) continue;
      found.set(problem.version, [...(found.get(problem.version) ?? []), problem.message]);
    }
    return found;
  };

  /** Builds a pack: verify history first, so that the pack states what it found for each record. */
  const openPack = async (request: PackRequest) => {
    const report = await records.verify();
    const problemsByRecord = new Map<string, string[]>();
    for (const problem of report?.problems ?? []) problemsByRecord.set(problem.recordId, [...(problemsByRecord.get(problem.recordId) ?? []), problem.message]);
    const entry = (recordId: string) => ({ versions: records.versionsOf(recordId), problems: problemsByRecord.get(recordId) ?? [] });
    const packSite = (site: Site, recordIds: string[]): PackSite => ({ site, figures: figuresOf(site), records: recordIds.map(entry) });
    const generatedAt = new Date().toISOString();
    const verification = report && { checkedVersions: report.checkedVersions, problems: report.problems.length };
    if (request.kind === 'site') {
      const site = register.find((candidate) => candidate.id === request.siteId);
      if (!site) return;
      const procedure = procedureBySite.get(site.id) ?? siteProcedure(site, latest);
      // Oldest first, as the procedure takes them: the assessment the site rests on, then its own records.
      const own = latest.filter((version) => version.siteId === site.id).reverse();
      const assessment = procedure.strategicAssessments[0];
      setPack({
        title: `Evidence pack: ${siteSubject(site)}`,
        subtitle: `${STATUS_LABELS[site.status]} · ${site.forceArea || 'no force area'} · every procedure record of the site, with the strategic assessment of its area`,
        sites: [packSite(site, [...(assessment ? [assessment.recordId] : []), ...own.map((version) => version.recordId)])],
        verification,
        generatedAt,
      });
      return;
    }
    const { from, to } = request;
    const inRound = latest.filter(
      (version): version is RecordVersionOf<'annual-review'> => version.kind === 'annual-review' && version.content.concluded && version.content.reviewedOn >= from && version.content.reviewedOn <= to,
    );
    const sites = register.filter((site) => inRound.some((review) => review.siteId === site.id)).sort((a, b) => a.reference.localeCompare(b.reference, 'en-GB', { numeric: true }));
    setPack({
      title: `Evidence pack: annual reviews ${from} to ${to}`,
      subtitle: `${sites.length} ${sites.length === 1 ? 'NRD' : 'NRDs'} reviewed in the round, each with its Appendix A record`,
      sites: sites.map((site) => packSite(site, inRound.filter((review) => review.siteId === site.id).map((review) => review.recordId))),
      verification,
      generatedAt,
    });
  };

  return {
    records,
    pack,
    openPack: (request: PackRequest) => void openPack(request),
    closePack: () => setPack(null),
    strategicAssessments,
    procedureBySite,
    reviewsDue: due,
    today,
    openRecord,
    showingReviewsDue,
    setShowingReviewsDue,
    dialog: open && {
      record: open,
      versions: records.versionsOf(open.recordId),
      site: openSite,
      siteRecords: open.siteId ? latest.filter((version) => version.siteId === open.siteId) : [],
      context: formContext(),
      problems: problemsOf(open.recordId),
      onSave: (content: Parameters<typeof records.save>[1], author: string, note: string, conclude: boolean) => records.save(open, content, author, note, conclude),
      onClose: () => records.setOpen(null),
    },
  };
}
