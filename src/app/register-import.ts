import type { Site } from '../domain/site.ts';
import { withRowsRejected, type ImportReport, type RejectedRow } from '../io/import-report.ts';
import type { ImportedRegisterSites } from '../io/run-import.ts';

export const REFERENCE_IN_REGISTER = 'reference already in the register: not imported (edit or delete the site there first)';
export const REFERENCE_IN_IMPORT = 'reference also in another file of this import: the first is kept';

/**
 * The sites an NRD list import adds to a register that already holds `existing`: a reference the
 * register (or an earlier file of the same import) already has is reported against its row, not
 * imported, so nothing in the register is overwritten by a file. A site with no force area of its
 * own takes the workspace's.
 */
export function admitToRegister(
  imported: ImportedRegisterSites[],
  existing: readonly Site[],
  identity: { workspaceId: string; forceArea: string; now: string; newId: () => string },
): { sites: Site[]; reports: ImportReport[][] } {
  const taken = new Set(existing.map((site) => site.reference));
  const sites: Site[] = [];
  const reports = imported.map((register) => {
    const rejected = new Map<string, RejectedRow[]>();
    for (const { file, row, site } of register.sites) {
      if (taken.has(site.reference)) {
        const reason = existing.some((s) => s.reference === site.reference) ? REFERENCE_IN_REGISTER : REFERENCE_IN_IMPORT;
        rejected.set(file, [...(rejected.get(file) ?? []), { file, row, column: 'reference', value: site.reference, reason }]);
        continue;
      }
      taken.add(site.reference);
      sites.push({
        ...site,
        forceArea: site.forceArea || identity.forceArea,
        id: identity.newId(),
        workspaceId: identity.workspaceId,
        statusHistory: [],
        revision: 0,
        createdAt: identity.now,
        updatedAt: identity.now,
      });
    }
    return register.reports.map((report) => withRowsRejected(report, rejected.get(report.file) ?? []));
  });
  return { sites, reports };
}
