import { describe, expect, it } from 'vitest';
import { Site } from '../domain/site.ts';
import { exampleSite, FIXED_TIME } from '../../test/fixtures/domain.ts';
import { localToday, proposedSite } from './use-register-actions.ts';

describe('a site placed on the map', () => {
  it('is a valid proposed site with the next free reference and the workspace’s force area', () => {
    const workspace = { id: 'w', name: 'Test', forceArea: 'Avon and Somerset', description: '', isSample: false, createdAt: FIXED_TIME };
    const site = proposedSite(workspace, [exampleSite({ reference: 'NEW-001' })], { lon: -2.36, lat: 51.38 }, { crs: 'OS-GRID-REF', gridReference: 'ST 75000 64000' }, FIXED_TIME, 'id-1');
    expect(Site.parse(site)).toEqual(site);
    expect(site).toMatchObject({ reference: 'NEW-002', kind: 'proposed', status: 'proposed', forceArea: 'Avon and Somerset', workspaceId: 'w', revision: 0 });
  });

  it('dates lifecycle changes by the local calendar day', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});
