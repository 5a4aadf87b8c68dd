import { describe, expect, it } from 'vitest';
import type { StatusChange } from '../domain/site.ts';
import { exampleSite } from '../../test/fixtures/domain.ts';
import { reviewBasis, reviewDueOn, reviewsDue, reviewsDueByArea, sortReviewsDue, type ReviewDueRow } from './review-due.ts';

const TODAY = '2026-11-25';
const change = (to: StatusChange['to'], date: string, from: StatusChange['from'] = 'approved'): StatusChange => ({ from, to, date, by: 'A. Analyst', reason: 'Installed', recordedAt: `${date}T09:00:00.000Z` });
/** A live NRD that went live on the given day. */
const liveSince = (date: string, overrides = {}) => exampleSite({ statusHistory: [change('live', date)], ...overrides });

describe('Review of ANPR Infrastructure — "the locations for NRD should be reviewed annually"', () => {
  it('falls due 12 calendar months after the basis date', () => {
    expect(reviewDueOn('2025-02-28')).toBe('2026-02-28');
    expect(reviewDueOn('2025-11-25')).toBe('2026-11-25');
    expect(reviewDueOn('2025-12-31')).toBe('2026-12-31');
  });

  it('falls due on 28 February after a review on 29 February', () => {
    expect(reviewDueOn('2024-02-29')).toBe('2025-02-28');
  });

  it('counts from the latest completed review, else from going live, else from nothing', () => {
    const site = exampleSite({ statusHistory: [change('live', '2023-05-01'), change('under-review', '2024-04-20', 'live'), change('continued', '2024-04-20', 'under-review')] });
    expect(reviewBasis(site, ['2024-04-20', '2025-04-10', '2024-10-01'])).toEqual({ kind: 'last-review', date: '2025-04-10' });
    expect(reviewBasis(site, [])).toEqual({ kind: 'went-live', date: '2023-05-01' });
    expect(reviewBasis(exampleSite(), [])).toBeNull();
  });
});

describe('Review of ANPR Infrastructure — which reviews are due', () => {
  // Due dates 12 months after going live; days left counted from 2026-11-25.
  const cases: [string, number, ReviewDueRow['bucket']][] = [
    ['2025-11-24', -1, 'overdue'],
    ['2025-11-25', 0, 'due-30'],
    ['2025-12-25', 30, 'due-30'],
    ['2025-12-26', 31, 'due-90'],
    ['2026-02-23', 90, 'due-90'],
    ['2026-02-24', 91, 'later'],
  ];
  it.each(cases)('an NRD live since %s has %i days left: %s', (wentLive, daysLeft, bucket) => {
    const [row] = reviewsDue([liveSince(wentLive)], new Map(), TODAY);
    expect(row).toMatchObject({ daysLeft, bucket, basis: { kind: 'went-live', date: wentLive } });
  });

  it('puts an NRD with no go-live date and no review on record in "no-date"', () => {
    expect(reviewsDue([exampleSite()], new Map(), TODAY)).toEqual([
      { siteId: 'site-1', reference: 'S1', name: 'Example site', forceArea: 'Avon and Somerset', status: 'live', basis: null, dueOn: null, daysLeft: null, bucket: 'no-date' },
    ]);
  });

  it('counts from the site\'s completed reviews, by site id', () => {
    const [row] = reviewsDue([liveSince('2020-01-01')], new Map([['site-1', ['2026-03-01']]]), TODAY);
    expect(row).toMatchObject({ basis: { kind: 'last-review', date: '2026-03-01' }, dueOn: '2027-03-01', bucket: 'later' });
  });

  it('lists NRDs in use only: live, under review, continued; not proposals, rejected or decommissioned sites', () => {
    const sites = (['live', 'under-review', 'continued', 'approved', 'rejected', 'decommissioned'] as const).map((status, index) => liveSince('2026-01-01', { id: `s${index}`, reference: `S${index}`, status }));
    sites.push(exampleSite({ id: 'p', kind: 'proposed', status: 'proposed' }));
    expect(reviewsDue(sites, new Map(), TODAY).map((row) => row.status)).toEqual(['live', 'under-review', 'continued']);
  });
});

describe('Review of ANPR Infrastructure — reviews due by force area and in order', () => {
  const row = (reference: string, forceArea: string, dueOn: string | null, daysLeft: number | null, bucket: ReviewDueRow['bucket'], status: ReviewDueRow['status'] = 'live'): ReviewDueRow => ({
    siteId: reference,
    reference,
    name: '',
    forceArea,
    status,
    basis: null,
    dueOn,
    daysLeft,
    bucket,
  });
  const rows = [
    row('S10', 'Wiltshire', '2026-12-01', 6, 'due-30', 'continued'),
    row('S2', 'Avon and Somerset', '2026-10-01', -55, 'overdue'),
    row('S1', 'Avon and Somerset', null, null, 'no-date', 'under-review'),
    row('S3', 'Avon and Somerset', '2027-06-01', 188, 'later'),
  ];

  it('counts each bucket in each area, areas in name order', () => {
    expect(reviewsDueByArea(rows)).toEqual([
      { forceArea: 'Avon and Somerset', overdue: 1, due30: 0, due90: 0, later: 1, noDate: 1 },
      { forceArea: 'Wiltshire', overdue: 0, due30: 1, due90: 0, later: 0, noDate: 0 },
    ]);
  });

  it('sorts references as numbers (S2 before S10)', () => {
    expect(sortReviewsDue(rows, { column: 'reference', direction: 'ascending' }).map((r) => r.reference)).toEqual(['S1', 'S2', 'S3', 'S10']);
    expect(sortReviewsDue(rows, { column: 'reference', direction: 'descending' }).map((r) => r.reference)).toEqual(['S10', 'S3', 'S2', 'S1']);
  });

  it('puts sites with no date first when sorting by due date ascending: they are the most urgent', () => {
    expect(sortReviewsDue(rows, { column: 'dueOn', direction: 'ascending' }).map((r) => r.reference)).toEqual(['S1', 'S2', 'S10', 'S3']);
    expect(sortReviewsDue(rows, { column: 'daysLeft', direction: 'ascending' }).map((r) => r.reference)).toEqual(['S1', 'S2', 'S10', 'S3']);
    expect(sortReviewsDue(rows, { column: 'dueOn', direction: 'descending' }).map((r) => r.reference)).toEqual(['S3', 'S10', 'S2', 'S1']);
  });

  it('sorts by force area and by status in lifecycle order, ties by reference', () => {
    expect(sortReviewsDue(rows, { column: 'forceArea', direction: 'ascending' }).map((r) => r.reference)).toEqual(['S1', 'S2', 'S3', 'S10']);
    expect(sortReviewsDue(rows, { column: 'status', direction: 'ascending' }).map((r) => r.reference)).toEqual(['S2', 'S3', 'S1', 'S10']);
  });

  it('leaves the rows it was given as they were', () => {
    const before = rows.map((r) => r.reference);
    sortReviewsDue(rows, { column: 'dueOn', direction: 'ascending' });
    expect(rows.map((r) => r.reference)).toEqual(before);
  });
});
