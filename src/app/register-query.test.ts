import { describe, expect, it } from 'vitest';
import { exampleSite } from '../../test/fixtures/domain.ts';
import { filterSites, nextReference, SHOW_ALL, sortSites } from './register-query.ts';

const sites = [
  exampleSite({ id: 'a', reference: 'P10', name: 'London Road east', road: 'A4', kind: 'proposed', status: 'proposed', bearingDegrees: 90, updatedAt: '2026-11-02T00:00:00.000Z' }),
  exampleSite({ id: 'b', reference: 'P2', name: 'Wellsway', road: 'A367', kind: 'proposed', status: 'under-assessment', bearingDegrees: null, updatedAt: '2026-11-01T00:00:00.000Z' }),
  exampleSite({ id: 'c', reference: 'E1', name: 'Box Road', road: 'A4 Box Road', status: 'live', bearingDegrees: 270, updatedAt: '2026-11-03T00:00:00.000Z' }),
  exampleSite({ id: 'd', reference: 'E7', name: 'Old camera', road: 'B3110', status: 'decommissioned', bearingDegrees: 10, updatedAt: '2026-11-04T00:00:00.000Z' }),
];
const ids = (list: { id: string }[]) => list.map((s) => s.id);

describe('register filter', () => {
  it('finds sites by every word of the search in reference, name or road, any case', () => {
    expect(ids(filterSites(sites, { ...SHOW_ALL, search: 'a4' }))).toEqual(['a', 'c']);
    expect(ids(filterSites(sites, { ...SHOW_ALL, search: 'BOX a4' }))).toEqual(['c']);
    expect(ids(filterSites(sites, { ...SHOW_ALL, search: 'p2' }))).toEqual(['b']);
    expect(filterSites(sites, { ...SHOW_ALL, search: 'nowhere' })).toEqual([]);
  });

  it('hides decommissioned sites only when asked, and filters by kind', () => {
    expect(ids(filterSites(sites, SHOW_ALL))).toEqual(['a', 'b', 'c', 'd']);
    const withoutDecommissioned = SHOW_ALL.statuses.filter((s) => s !== 'decommissioned');
    expect(ids(filterSites(sites, { ...SHOW_ALL, statuses: withoutDecommissioned }))).toEqual(['a', 'b', 'c']);
    expect(ids(filterSites(sites, { ...SHOW_ALL, kind: 'existing' }))).toEqual(['c', 'd']);
  });
});

describe('register sort', () => {
  it('sorts references as a person files them: P2 before P10', () => {
    expect(ids(sortSites(sites, { column: 'reference', direction: 'ascending' }))).toEqual(['c', 'd', 'b', 'a']);
    expect(ids(sortSites(sites, { column: 'reference', direction: 'descending' }))).toEqual(['a', 'b', 'd', 'c']);
  });

  it('sorts status in lifecycle order and dates in time order', () => {
    expect(ids(sortSites(sites, { column: 'status', direction: 'ascending' }))).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(sortSites(sites, { column: 'updatedAt', direction: 'descending' }))).toEqual(['d', 'c', 'a', 'b']);
  });

  it('puts sites without a bearing last both ways', () => {
    expect(ids(sortSites(sites, { column: 'bearingDegrees', direction: 'ascending' }))).toEqual(['d', 'a', 'c', 'b']);
    expect(ids(sortSites(sites, { column: 'bearingDegrees', direction: 'descending' }))).toEqual(['c', 'a', 'd', 'b']);
  });
});

describe('next reference', () => {
  it('takes the first free number, ignoring case', () => {
    expect(nextReference([])).toBe('NEW-001');
    expect(nextReference([exampleSite({ reference: 'new-001' }), exampleSite({ reference: 'NEW-003' })])).toBe('NEW-002');
  });
});
