import { STATUS_LABELS, type LifecycleStatus, type Site, type StatusChange } from '../domain/site.ts';

/**
 * Where a site may go next. A proposal is assessed, then approved or rejected (the four steps of
 * "Development of new ANPR infrastructure"); an approved site goes live; a live site is reviewed at
 * least every 12 months ("Review of existing infrastructure") and either continues, to be reviewed
 * again, or ceases data collection and is decommissioned. Rejected and decommissioned are final: a
 * rejected location proposed again is a new proposal with its own assessment.
 */
export const NEXT_STATUSES: Record<LifecycleStatus, readonly LifecycleStatus[]> = {
  proposed: ['under-assessment'],
  'under-assessment': ['approved', 'rejected'],
  approved: ['live'],
  rejected: [],
  live: ['under-review'],
  'under-review': ['continued', 'decommissioned'],
  continued: ['under-review'],
  decommissioned: [],
};

/** The action that moves a site into each status, as a button says it. */
export const STATUS_ACTIONS: Record<LifecycleStatus, string> = {
  proposed: 'Propose',
  'under-assessment': 'Start assessment',
  approved: 'Approve',
  rejected: 'Reject',
  live: 'Mark as live',
  'under-review': 'Start annual review',
  continued: 'Continue after review',
  decommissioned: 'Decommission',
};

/**
 * Statuses a site reaches only through the record that evidences them: approval or rejection through
 * the decision on new infrastructure, and the annual review's outcome through its Appendix A record.
 */
export const RECORDED_BY: Partial<Record<LifecycleStatus, 'decision' | 'annual-review'>> = {
  approved: 'decision',
  rejected: 'decision',
  'under-review': 'annual-review',
  continued: 'annual-review',
  decommissioned: 'annual-review',
};

/** The changes a user makes directly: starting an assessment, and marking an approved site live. */
export function directNextStatuses(status: LifecycleStatus): LifecycleStatus[] {
  return NEXT_STATUSES[status].filter((next) => RECORDED_BY[next] === undefined);
}

/** What the user gives for a change of status; the time it is recorded is added when it is saved. */
export interface StatusChangeRequest {
  to: LifecycleStatus;
  date: string;
  by: string;
  reason: string;
}

export type StatusChangeResult = { ok: true; site: Site } | { ok: false; message: string };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The site after a lifecycle change, with the change appended to its history; or why the change
 * cannot be made. A site that goes live is an existing NRD from then on, whatever it started as.
 */
export function changeStatus(site: Site, request: StatusChangeRequest, recordedAt: string, today: string): StatusChangeResult {
  if (!NEXT_STATUSES[site.status].includes(request.to)) {
    const label = (status: LifecycleStatus) => STATUS_LABELS[status].toLowerCase();
    const allowed = NEXT_STATUSES[site.status];
    return {
      ok: false,
      message: allowed.length === 0
        ? `${site.reference} is ${label(site.status)}: that is final, so its status cannot change.`
        : `${site.reference} is ${label(site.status)}; it can move to ${allowed.map(label).join(' or ')}, not to ${label(request.to)}.`,
    };
  }
  const by = request.by.trim();
  const reason = request.reason.trim();
  if (!by) return { ok: false, message: 'Give your name: the procedure wants each change attributed.' };
  if (!reason) return { ok: false, message: 'Give a reason: the procedure wants each change justified.' };
  if (!ISO_DATE.test(request.date) || Number.isNaN(Date.parse(request.date))) return { ok: false, message: `"${request.date}" is not a date (YYYY-MM-DD).` };
  if (request.date > today) return { ok: false, message: `The date ${request.date} is in the future; record a change on or after the day it happens.` };
  const last = site.statusHistory.at(-1);
  if (last && request.date < last.date) {
    return { ok: false, message: `The date ${request.date} is before the last change (${STATUS_LABELS[last.to].toLowerCase()} on ${last.date}); changes are recorded in order.` };
  }
  const change: StatusChange = { from: site.status, to: request.to, date: request.date, by, reason, recordedAt };
  return {
    ok: true,
    site: {
      ...site,
      status: request.to,
      kind: request.to === 'live' ? 'existing' : site.kind,
      statusHistory: [...site.statusHistory, change],
    },
  };
}

/**
 * An NRD in use: an existing camera that is live, under review or continued after one. Proposed sites'
 * fit with regional and national infrastructure is judged against these.
 */
export function isOperationalNrd(site: Pick<Site, 'kind' | 'status'>): boolean {
  return site.kind === 'existing' && (site.status === 'live' || site.status === 'under-review' || site.status === 'continued');
}
