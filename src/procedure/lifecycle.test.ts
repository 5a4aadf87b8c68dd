import { describe, expect, it } from 'vitest';
import { LIFECYCLE_STATUSES } from '../domain/site.ts';
import { exampleSite } from '../../test/fixtures/domain.ts';
import { changeStatus, directNextStatuses, isOperationalNrd, NEXT_STATUSES } from './lifecycle.ts';

const AT = '2026-11-25T12:00:00.000Z';
const TODAY = '2026-11-25';
const request = (to: Parameters<typeof changeStatus>[1]['to'], date = '2026-11-20') => ({ to, date, by: 'A. Analyst', reason: 'Strategic assessment 2026' });

describe('site lifecycle', () => {
  it('walks a proposal through assessment, approval, going live, review and decommission, in order', () => {
    let site = exampleSite({ kind: 'proposed', status: 'proposed' });
    const path = ['under-assessment', 'approved', 'live', 'under-review', 'continued', 'under-review', 'decommissioned'] as const;
    for (const to of path) {
      const result = changeStatus(site, request(to), AT, TODAY);
      if (!result.ok) throw new Error(result.message);
      site = result.site;
    }
    expect(site.status).toBe('decommissioned');
    expect(site.statusHistory.map((c) => `${c.from}>${c.to}`)).toEqual([
      'proposed>under-assessment',
      'under-assessment>approved',
      'approved>live',
      'live>under-review',
      'under-review>continued',
      'continued>under-review',
      'under-review>decommissioned',
    ]);
    expect(site.statusHistory.every((c) => c.by === 'A. Analyst' && c.recordedAt === AT)).toBe(true);
  });

  it('makes a site that goes live an existing NRD', () => {
    const approved = exampleSite({ kind: 'proposed', status: 'approved' });
    const result = changeStatus(approved, request('live'), AT, TODAY);
    expect(result.ok && result.site.kind).toBe('existing');
  });

  it('refuses a step the procedure does not allow, naming the steps it does', () => {
    const result = changeStatus(exampleSite({ kind: 'proposed', status: 'proposed' }), request('live'), AT, TODAY);
    expect(result).toEqual({ ok: false, message: 'S1 is proposed; it can move to under assessment, not to live.' });
  });

  it('treats rejected and decommissioned as final', () => {
    for (const status of ['rejected', 'decommissioned'] as const) {
      expect(NEXT_STATUSES[status]).toEqual([]);
      const result = changeStatus(exampleSite({ status }), request('live'), AT, TODAY);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.message).toMatch(/final/);
    }
  });

  it('only ever moves forward to statuses in the lifecycle', () => {
    for (const next of Object.values(NEXT_STATUSES)) for (const status of next) expect(LIFECYCLE_STATUSES).toContain(status);
  });

  it('wants a name, a reason and a real date no later than today and no earlier than the last change', () => {
    const live = exampleSite({ status: 'live' });
    expect(changeStatus(live, { ...request('under-review'), by: '  ' }, AT, TODAY)).toMatchObject({ ok: false, message: expect.stringMatching(/name/) });
    expect(changeStatus(live, { ...request('under-review'), reason: '' }, AT, TODAY)).toMatchObject({ ok: false, message: expect.stringMatching(/reason/) });
    expect(changeStatus(live, request('under-review', '25/11/2026'), AT, TODAY)).toMatchObject({ ok: false, message: expect.stringMatching(/not a date/) });
    expect(changeStatus(live, request('under-review', '2026-11-26'), AT, TODAY)).toMatchObject({ ok: false, message: expect.stringMatching(/future/) });
    const reviewed = changeStatus(live, request('under-review', '2026-11-20'), AT, TODAY);
    if (!reviewed.ok) throw new Error(reviewed.message);
    expect(changeStatus(reviewed.site, request('continued', '2026-11-19'), AT, TODAY)).toMatchObject({ ok: false, message: expect.stringMatching(/before the last change \(under review on 2026-11-20\)/) });
    expect(changeStatus(reviewed.site, request('continued', '2026-11-20'), AT, TODAY).ok).toBe(true);
  });

  it('keeps the earlier history untouched when it appends', () => {
    const live = exampleSite({ status: 'live' });
    const first = changeStatus(live, request('under-review'), AT, TODAY);
    if (!first.ok) throw new Error(first.message);
    const second = changeStatus(first.site, request('continued'), AT, TODAY);
    expect(second.ok && second.site.statusHistory[0]).toEqual(first.site.statusHistory[0]);
    expect(first.site.statusHistory).toHaveLength(1);
  });
});

describe('NRDs in use', () => {
  it('are existing sites that are live, under review or continued; nothing proposed, rejected or decommissioned', () => {
    const inUse = LIFECYCLE_STATUSES.filter((status) => isOperationalNrd({ kind: 'existing', status }));
    expect(inUse).toEqual(['live', 'under-review', 'continued']);
    expect(LIFECYCLE_STATUSES.some((status) => isOperationalNrd({ kind: 'proposed', status }))).toBe(false);
  });
});

describe('"New ANPR Infrastructure" step 4 and "Review of ANPR Infrastructure": outcomes come from their records', () => {
  it('leaves only starting an assessment and going live to a direct change', () => {
    expect(directNextStatuses('proposed')).toEqual(['under-assessment']);
    expect(directNextStatuses('under-assessment')).toEqual([]);
    expect(directNextStatuses('approved')).toEqual(['live']);
    expect(directNextStatuses('live')).toEqual([]);
    expect(directNextStatuses('under-review')).toEqual([]);
    expect(directNextStatuses('continued')).toEqual([]);
  });
});
