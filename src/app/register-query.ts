import { LIFECYCLE_STATUSES, type LifecycleStatus, type Site } from '../domain/site.ts';

/** The register table's columns, by the Site field each sorts on (the export's columns are in io/register-export.ts). */
export const SORTABLE_FIELDS = ['reference', 'name', 'kind', 'status', 'road', 'bearingDegrees', 'rangeMetres', 'updatedAt'] as const;
export type SortableField = (typeof SORTABLE_FIELDS)[number];

export interface RegisterSort {
  column: SortableField;
  direction: 'ascending' | 'descending';
}

export interface RegisterFilter {
  /** Words that must all appear in the reference, name or road. */
  search: string;
  kind: 'all' | Site['kind'];
  /** Statuses shown; decommissioned (and rejected) sites stay in the register, hidden only on request. */
  statuses: readonly LifecycleStatus[];
}

export const SHOW_ALL: RegisterFilter = { search: '', kind: 'all', statuses: LIFECYCLE_STATUSES };

export function filterSites(sites: readonly Site[], filter: RegisterFilter): Site[] {
  const words = filter.search.toLocaleLowerCase('en-GB').split(/\s+/).filter(Boolean);
  const statuses = new Set(filter.statuses);
  return sites.filter((site) => {
    if (filter.kind !== 'all' && site.kind !== filter.kind) return false;
    if (!statuses.has(site.status)) return false;
    const text = `${site.reference} ${site.name} ${site.road}`.toLocaleLowerCase('en-GB');
    return words.every((word) => text.includes(word));
  });
}

// Numeric collation, so that P2 comes before P10 as a person would file them.
const collator = new Intl.Collator('en-GB', { numeric: true, sensitivity: 'base' });

export function sortSites(sites: readonly Site[], { column, direction }: RegisterSort): Site[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const status = (s: Site) => LIFECYCLE_STATUSES.indexOf(s.status);
  const compare = (a: Site, b: Site): number => {
    if (column === 'status') return status(a) - status(b);
    if (column === 'bearingDegrees' || column === 'rangeMetres') {
      // Sites without a bearing go last whichever way the column is sorted.
      const x = a[column];
      const y = b[column];
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      return sign * (x - y);
    }
    return collator.compare(String(a[column]), String(b[column]));
  };
  return [...sites].sort((a, b) => {
    const primary = column === 'bearingDegrees' || column === 'rangeMetres' ? compare(a, b) : sign * compare(a, b);
    return primary || collator.compare(a.reference, b.reference);
  });
}

/** The first reference of the form PREFIX-n not yet in the register, for a site placed on the map. */
export function nextReference(sites: readonly Site[], prefix = 'NEW'): string {
  const taken = new Set(sites.map((site) => site.reference.toUpperCase()));
  for (let n = 1; ; n++) {
    const candidate = `${prefix}-${String(n).padStart(3, '0')}`;
    if (!taken.has(candidate)) return candidate;
  }
}
