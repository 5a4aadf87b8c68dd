import { useMemo, useState } from 'react';
import type { AreaFit } from '../analysis/infrastructure-fit.ts';
import { ALL_LOADED_AREAS, forceAreaKey } from '../analysis/infrastructure-fit.ts';
import { freezeAreaFit, freezeSiteFigures, siteEvidence } from '../analysis/frozen-figures.ts';
import type { SiteFigures } from '../analysis/site-figures.ts';
import type { Layer } from '../domain/layer.ts';
import type { RecordKind, RecordVersionOf } from '../domain/procedure-record.ts';
import type { Site } from '../domain/site.ts';
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
  setUserName: (name: string) => void;
}

/**
 * The procedure as the workspace screen shows it: records opened from the site panel and the sidebar,
 * new ones prefilled from the figures, the reviews falling due, and verify history.
 */
export function useProcedure({ db, workspace, register, layers, selectedSite, figures, figuresWaiting, registerAreas, setUserName }: Wiring) {
  const records = useProcedureRecords(db, workspace?.id, register, setUserName);
  const [showingReviewsDue, setShowingReviewsDue] = useState(false);
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
        return records.setOpen({ ...base, kind, initial: newDecision(assessmentId, procedure.privacyImpact?.recordId ?? null, frozen, today) });
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

  return {
    records,
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
