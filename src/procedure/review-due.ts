import { LIFECYCLE_STATUSES, type LifecycleStatus, type Site } from '../domain/site.ts';
import { isOperationalNrd } from './lifecycle.ts';

const DAY_MS = 86_400_000;

/** A YYYY-MM-DD date as UTC milliseconds, so that day counts do not shift with the clocks. */
const utc = (date: string) => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));

/** Whole days from one YYYY-MM-DD date to another; negative when `to` is earlier. */
function daysBetween(from: string, to: string): number {
  return Math.round((utc(to) - utc(from)) / DAY_MS);
}

/**
 * "NASP and the PofF Code require that the locations for NRD should be reviewed annually": the same day
 * 12 calendar months on, or the last day of that month when it is shorter (29 February -> 28 February).
 */
export function reviewDueOn(basisDate: string): string {
  const year = Number(basisDate.slice(0, 4)) + 1;
  const month = Number(basisDate.slice(5, 7));
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(Number(basisDate.slice(8, 10)), lastDay);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export interface ReviewBasis {
  kind: 'last-review' | 'went-live';
  date: string;
}

/** What the next annual review counts from: the latest completed review, else the day the NRD went live. */
export function reviewBasis(site: Site, completedReviewDates: readonly string[]): ReviewBasis | null {
  const lastReview = completedReviewDates.filter(Boolean).reduce<string | null>((latest, date) => (latest === null || date > latest ? date : latest), null);
  if (lastReview) return { kind: 'last-review', date: lastReview };
  const wentLive = site.statusHistory.findLast((change) => change.to === 'live');
  return wentLive ? { kind: 'went-live', date: wentLive.date } : null;
}

export const REVIEW_BUCKETS = ['overdue', 'due-30', 'due-90', 'later', 'no-date'] as const;
export type ReviewBucket = (typeof REVIEW_BUCKETS)[number];

export const REVIEW_BUCKET_LABELS: Record<ReviewBucket, string> = {
  overdue: 'Overdue',
  'due-30': 'Due within 30 days',
  'due-90': 'Due within 90 days',
  later: 'Due in more than 90 days',
  'no-date': 'No go-live date or review on record',
};

export interface ReviewDueRow {
  siteId: string;
  reference: string;
  name: string;
  forceArea: string;
  status: LifecycleStatus;
  basis: ReviewBasis | null;
  dueOn: string | null;
  daysLeft: number | null;
  bucket: ReviewBucket;
}

function bucketFor(daysLeft: number | null): ReviewBucket {
  if (daysLeft === null) return 'no-date';
  if (daysLeft < 0) return 'overdue';
  if (daysLeft <= 30) return 'due-30';
  if (daysLeft <= 90) return 'due-90';
  return 'later';
}

/** When each NRD in use is next due its annual review, from its completed reviews (by site id) and its history. */
export function reviewsDue(sites: readonly Site[], completedReviewDatesBySite: ReadonlyMap<string, readonly string[]>, today: string): ReviewDueRow[] {
  return sites.filter(isOperationalNrd).map((site) => {
    const basis = reviewBasis(site, completedReviewDatesBySite.get(site.id) ?? []);
    const dueOn = basis && reviewDueOn(basis.date);
    const daysLeft = dueOn === null ? null : daysBetween(today, dueOn);
    return { siteId: site.id, reference: site.reference, name: site.name, forceArea: site.forceArea, status: site.status, basis, dueOn, daysLeft, bucket: bucketFor(daysLeft) };
  });
}

export interface ReviewsDueInArea {
  forceArea: string;
  overdue: number;
  due30: number;
  due90: number;
  later: number;
  noDate: number;
}

const AREA_COUNTS: Record<ReviewBucket, keyof Omit<ReviewsDueInArea, 'forceArea'>> = {
  overdue: 'overdue',
  'due-30': 'due30',
  'due-90': 'due90',
  later: 'later',
  'no-date': 'noDate',
};

/** The rows counted by bucket in each force area, areas in name order. */
export function reviewsDueByArea(rows: readonly ReviewDueRow[]): ReviewsDueInArea[] {
  const areas = new Map<string, ReviewsDueInArea>();
  for (const row of rows) {
    const area = areas.get(row.forceArea) ?? { forceArea: row.forceArea, overdue: 0, due30: 0, due90: 0, later: 0, noDate: 0 };
    area[AREA_COUNTS[row.bucket]] += 1;
    areas.set(row.forceArea, area);
  }
  return [...areas.values()].sort((a, b) => a.forceArea.localeCompare(b.forceArea));
}

export interface ReviewsDueSort {
  column: 'reference' | 'forceArea' | 'dueOn' | 'daysLeft' | 'status';
  direction: 'ascending' | 'descending';
}

const byReference = (a: ReviewDueRow, b: ReviewDueRow) => a.reference.localeCompare(b.reference, undefined, { numeric: true });
/** A site with no date to count from is the most urgent: its review cannot be shown to be in time. */
const nullsFirst = <T>(a: T | null, b: T | null, compare: (a: T, b: T) => number) => (a === null ? (b === null ? 0 : -1) : b === null ? 1 : compare(a, b));

const COMPARE: Record<ReviewsDueSort['column'], (a: ReviewDueRow, b: ReviewDueRow) => number> = {
  reference: byReference,
  forceArea: (a, b) => a.forceArea.localeCompare(b.forceArea),
  dueOn: (a, b) => nullsFirst(a.dueOn, b.dueOn, (x, y) => x.localeCompare(y)),
  daysLeft: (a, b) => nullsFirst(a.daysLeft, b.daysLeft, (x, y) => x - y),
  status: (a, b) => LIFECYCLE_STATUSES.indexOf(a.status) - LIFECYCLE_STATUSES.indexOf(b.status),
};

/** The rows sorted by a column, ties in reference order. */
export function sortReviewsDue(rows: readonly ReviewDueRow[], { column, direction }: ReviewsDueSort): ReviewDueRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => sign * COMPARE[column](a, b) || byReference(a, b));
}
