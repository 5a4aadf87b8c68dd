import { Site, SITE_FIELD_LABELS } from '../domain/site.ts';
import type { NrdDatabase } from './database.ts';

/**
 * One site's change as this tab saw it: `before` is the record the edit was made on (null for a new
 * site), `after` what the user wants (null to delete it). Undo is the same change the other way round.
 */
export interface SiteChange {
  before: Site | null;
  after: Site | null;
}

/** Fields that say nothing about the site itself: every save moves them. */
const BOOKKEEPING = new Set<keyof Site>(['revision', 'updatedAt']);

/**
 * Another tab (or window) saved this site after this tab read it, and this change would overwrite
 * what it saved. Nothing was written; the caller shows both and lets the user choose.
 */
export class SiteEditConflict extends Error {
  constructor(
    readonly reference: string,
    /** The record as it is stored now, or null if it has been deleted. */
    readonly current: Site | null,
    /** The fields both this change and the other save touched. */
    readonly fields: (keyof Site)[],
  ) {
    super(
      current === null
        ? `${reference} was deleted in another tab after you opened it; your change was not saved.`
        : `${reference} was changed in another tab after you opened it (${[...new Set(fields.map((field) => SITE_FIELD_LABELS[field] ?? field))].join(', ')}); your change was not saved.`,
    );
    this.name = 'SiteEditConflict';
  }
}

export class ReferenceTakenError extends Error {
  constructor(readonly reference: string) {
    super(`The register already has a site with the reference ${reference}; references must be unique.`);
    this.name = 'ReferenceTakenError';
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The fields a change sets, bookkeeping aside. */
export function changedFields(before: Site, after: Site): (keyof Site)[] {
  return (Object.keys(after) as (keyof Site)[]).filter((key) => !BOOKKEEPING.has(key) && !same(before[key], after[key]));
}

async function checkReferenceFree(db: NrdDatabase, site: Site): Promise<void> {
  const holders = await db.sites.where('[workspaceId+reference]').equals([site.workspaceId, site.reference]).primaryKeys();
  if (holders.some((id) => id !== site.id)) throw new ReferenceTakenError(site.reference);
}

/**
 * Saves changes to the register, all of them or none, and returns each site as stored (null where
 * deleted), for the undo history. A change made on an out-of-date copy still goes in when the other
 * save touched different fields (both edits are kept); when it touched the same fields, or deleted
 * the site, nothing is written and SiteEditConflict says so: no edit is ever silently lost.
 * `overwrite` is the user's explicit choice to put their version over the other one.
 */
export async function applySiteChanges(db: NrdDatabase, changes: SiteChange[], now: string, options: { overwrite?: boolean } = {}): Promise<(Site | null)[]> {
  const checked = changes.map(({ before, after }) => ({ before, after: after && Site.parse(after) }));
  return db.transaction('rw', db.sites, async () => {
    const saved: (Site | null)[] = [];
    for (const { before, after } of checked) {
      const id = (after ?? before)!.id;
      const current = (await db.sites.get(id)) ?? null;
      if (after === null) {
        if (current === null) {
          saved.push(null); // already gone: the register is as the user wants it
          continue;
        }
        // Deleting a site someone has edited since would lose their edit with it.
        if (!options.overwrite && before && current.revision !== before.revision) throw new SiteEditConflict(current.reference, current, changedFields(before, current));
        await db.sites.delete(id);
        saved.push(null);
        continue;
      }
      await checkReferenceFree(db, after);
      if (current === null) {
        if (before !== null && !options.overwrite) throw new SiteEditConflict(before.reference, null, []);
        const added = { ...after, revision: (before?.revision ?? after.revision) + 1, updatedAt: now };
        await db.sites.add(added);
        saved.push(added);
        continue;
      }
      if (before === null && !options.overwrite) throw new SiteEditConflict(current.reference, current, changedFields(after, current));
      let next: Site;
      if (options.overwrite || (before !== null && current.revision === before.revision)) {
        next = after;
      } else {
        const mine = changedFields(before!, after);
        const clashing = mine.filter((key) => !same(current[key], before![key]) && !same(current[key], after[key]));
        if (clashing.length > 0) throw new SiteEditConflict(current.reference, current, clashing);
        // Only my fields over the stored record: what the other tab changed stays.
        next = { ...current, ...Object.fromEntries(mine.map((key) => [key, after[key]])) };
      }
      const stored = { ...next, revision: current.revision + 1, updatedAt: now };
      await db.sites.put(stored);
      saved.push(stored);
    }
    return saved;
  });
}
