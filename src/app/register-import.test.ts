import { describe, expect, it } from 'vitest';
import { SiteDraft } from '../domain/site.ts';
import { exampleSite, FIXED_TIME } from '../../test/fixtures/domain.ts';
import { admitToRegister, REFERENCE_IN_IMPORT, REFERENCE_IN_REGISTER } from './register-import.ts';
import type { ImportReport } from '../io/import-report.ts';

const draft = (reference: string, forceArea = '') => SiteDraft.parse({ ...exampleSite({ reference, forceArea }) });
const report = (file: string, rows: number): ImportReport => ({ file, rowsRead: rows, rowsImported: rows, rejected: [] });
let ids = 0;
const identity = { workspaceId: 'w', forceArea: 'Avon and Somerset', now: FIXED_TIME, newId: () => `new-${++ids}` };

describe('admitting an NRD list to the register', () => {
  it('adds new references and reports those the register or an earlier file already has, by file and row', () => {
    ids = 0;
    const { sites, reports } = admitToRegister(
      [
        {
          layerName: 'cameras',
          sites: [
            { file: 'a.csv', row: 2, site: draft('CAM-1') },
            { file: 'a.csv', row: 3, site: draft('E1') },
            { file: 'b.csv', row: 2, site: draft('CAM-1') },
            { file: 'b.csv', row: 3, site: draft('CAM-2', 'Wiltshire') },
          ],
          reports: [report('a.csv', 2), report('b.csv', 2)],
        },
      ],
      [exampleSite({ reference: 'E1' })],
      identity,
    );
    expect(sites.map((s) => [s.id, s.reference, s.forceArea, s.workspaceId, s.revision])).toEqual([
      ['new-1', 'CAM-1', 'Avon and Somerset', 'w', 0],
      ['new-2', 'CAM-2', 'Wiltshire', 'w', 0],
    ]);
    expect(reports[0]).toEqual([
      { file: 'a.csv', rowsRead: 2, rowsImported: 1, rejected: [{ reason: REFERENCE_IN_REGISTER, count: 1, examples: [{ file: 'a.csv', row: 3, column: 'reference', value: 'E1', reason: REFERENCE_IN_REGISTER }] }] },
      { file: 'b.csv', rowsRead: 2, rowsImported: 1, rejected: [{ reason: REFERENCE_IN_IMPORT, count: 1, examples: [{ file: 'b.csv', row: 2, column: 'reference', value: 'CAM-1', reason: REFERENCE_IN_IMPORT }] }] },
    ]);
  });
});
