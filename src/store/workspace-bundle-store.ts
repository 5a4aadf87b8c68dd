import { Layer } from '../domain/layer.ts';
import type { LayerData } from '../domain/layer-data.ts';
import type { AttributeColumn } from '../domain/point-columns.ts';
import { RECORD_KIND_LABELS, type RecordVersion, type StoredAttachment } from '../domain/procedure-record.ts';
import { Site, SITE_FIELD_LABELS, STATUS_LABELS } from '../domain/site.ts';
import { Workspace } from '../domain/workspace.ts';
import type { WorkspaceBundle } from '../io/workspace-bundle.ts';
import { canonicalJson, sha256Hex, verifyRecords } from '../procedure/record-chain.ts';
import type { NrdDatabase } from './database.ts';
import { changedFields, ReferenceTakenError } from './site-store.ts';
import {
  ACTIVE_WORKSPACE,
  ALL_TABLES,
  deleteWorkspaceRows,
  getActiveWorkspaceId,
  readLayerData,
  readLayers,
  readSites,
  readWorkspace,
  setSetting,
  writeLayers,
} from './workspace-store.ts';

/**
 * A workspace bundle into and out of IndexedDB. Out: everything of one workspace, records as stored.
 * In: the app keeps one workspace at a time, so a bundle of another workspace replaces the open one
 * (as "Reset to sample" does), and a bundle of the open one is merged into it, the user choosing for
 * each item both sides hold differently. Either way in one transaction: all of it, or nothing.
 */

/** Everything of one workspace, read in one transaction so that the bundle is of one moment. */
export async function readWorkspaceBundle(db: NrdDatabase, workspaceId: string, exportedAt = new Date().toISOString()): Promise<WorkspaceBundle> {
  return db.transaction('r', ALL_TABLES(db), async () => {
    const workspace = await readWorkspace(db, workspaceId);
    if (!workspace) throw new Error('The workspace to export is no longer stored in this browser.');
    const sites = await readSites(db, workspaceId);
    const layers: WorkspaceBundle['layers'] = [];
    for (const layer of await readLayers(db, workspaceId)) layers.push({ layer, data: await readLayerData(db, layer) });
    // Raw rows, not parsed ones: a version's hash is over the row as saved, so the bundle carries it
    // exactly, and a row that no longer verifies shows as such where the bundle is read.
    const records = (await db.records.where('workspaceId').equals(workspaceId).toArray()).sort(
      (a, b) => String(a.savedAt).localeCompare(String(b.savedAt)) || String(a.recordId).localeCompare(String(b.recordId)) || a.version - b.version,
    );
    const attachments = await db.attachments.where('workspaceId').equals(workspaceId).toArray();
    return { workspace, sites, layers, records, attachments, exportedAt };
  });
}

export type ConflictChoice = 'keep-both' | 'replace' | 'skip';

/** Something both this browser and the bundle hold, differently: the user says which to keep. */
export interface BundleConflict {
  /** Key of the user's choice in `applyBundleImport`'s `choices`. */
  id: string;
  kind: 'site' | 'layer' | 'record';
  /** "BANES-E02 Swainswick", a layer's name, "Annual review of BANES-E02". */
  label: string;
  localSummary: string;
  bundleSummary: string;
  /** What differs, in the register's words ("name", "status", "the data"). */
  differences: string[];
  choices: ConflictChoice[];
}

/**
 * What importing a bundle would do. `basis` is a fingerprint of this browser's workspace (and of the
 * bundle) when the plan was made: applying refuses the plan if either has changed since, so that an
 * edit saved in another tab meanwhile is never overwritten by a choice made without seeing it.
 */
export type BundlePlan =
  | { kind: 'new-workspace'; replaces: Workspace | null; basis: string }
  | { kind: 'merge'; conflicts: BundleConflict[]; basis: string };

export interface ImportSummary {
  kind: BundlePlan['kind'];
  sitesAdded: number;
  sitesReplaced: number;
  sitesKeptBoth: number;
  sitesSkipped: number;
  sitesUnchanged: number;
  layersAdded: number;
  layersReplaced: number;
  layersKeptBoth: number;
  layersSkipped: number;
  layersUnchanged: number;
  /** Records this browser did not hold. */
  recordsAdded: number;
  /** Records whose bundle history follows on from this browser's: its later versions added. */
  recordsExtended: number;
  recordsReplaced: number;
  recordsSkipped: number;
  recordsUnchanged: number;
  recordVersionsAdded: number;
  attachmentsAdded: number;
  attachmentsAlreadyStored: number;
  /** What the user should know about the result, in words. */
  notes: string[];
}

/** The workspace or the bundle changed after the plan was made. Nothing was written. */
export class StaleBundlePlanError extends Error {
  constructor() {
    super('The workspace changed after the bundle was checked (another tab saved to it); nothing was imported. Open the bundle again to see what it would change now.');
    this.name = 'StaleBundlePlanError';
  }
}

/** The import failed part way; the transaction was rolled back, so nothing was written. */
export class BundleImportError extends Error {
  constructor(detail: string, options?: { cause: unknown }) {
    super(`The bundle could not be imported, and nothing was changed: ${detail}`, options);
    this.name = 'BundleImportError';
  }
}

// ---------------------------------------------------------------------------------------------------

const day = (iso: string) => iso.slice(0, 10);
const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
const siteLabel = (site: Site) => `${site.reference} ${site.name}`.trim();
const siteSummary = (site: Site) => `${siteLabel(site)}: ${STATUS_LABELS[site.status]}, revision ${site.revision}, last saved ${day(site.updatedAt)}`;

function layerSummary(layer: Layer, data: LayerData | null): string {
  const size = data === null ? '' : data.kind === 'points' ? `${plural(data.columns.count, 'point')}, ` : `${plural(data.features.features.length, 'feature')}, `;
  return `${layer.name}: ${size}imported ${day(layer.importedAt)} from ${layer.sourceFiles.map((file) => file.name).join(', ')}`;
}

function recordSummary(chain: RecordVersion[]): string {
  const latest = chain[chain.length - 1]!;
  return `${plural(chain.length, 'version')}; the latest, version ${latest.version}, saved by ${latest.author} on ${day(latest.savedAt)}`;
}

/** Same JSON value, whatever order its keys were written in. */
function sameJson(a: unknown, b: unknown): boolean {
  try {
    return canonicalJson(a) === canonicalJson(b);
  } catch {
    return JSON.stringify(a) === JSON.stringify(b);
  }
}

function sameColumn(a: AttributeColumn | undefined, b: AttributeColumn | undefined): boolean {
  if (!a || !b || a.kind !== b.kind) return false;
  const [x, y] = a.kind === 'dictionary' && b.kind === 'dictionary' ? [a.codes, b.codes] : [(a as { values: ArrayLike<number> }).values, (b as { values: ArrayLike<number> }).values];
  if (x.constructor !== y.constructor || x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  return a.kind !== 'dictionary' || sameJson(a.dictionary, (b as typeof a).dictionary);
}

/** The spatial index is left out: it is derived from the positions, and rebuilt when absent. */
function sameLayerData(a: LayerData, b: LayerData): boolean {
  if (a.kind === 'features' || b.kind === 'features') return a.kind === 'features' && b.kind === 'features' && sameJson(a.features, b.features);
  const x = a.columns;
  const y = b.columns;
  const names = Object.keys(x.attributes);
  return (
    x.count === y.count &&
    sameColumn({ kind: 'number', values: x.lon }, { kind: 'number', values: y.lon }) &&
    sameColumn({ kind: 'number', values: x.lat }, { kind: 'number', values: y.lat }) &&
    names.length === Object.keys(y.attributes).length &&
    names.every((name) => sameColumn(x.attributes[name], y.attributes[name]))
  );
}

/** "BANES-E02 (bundle)", then "(bundle 2)"…, within the field's length, unlike any taken. */
function uniqueName(base: string, taken: Set<string>, maxLength: number): string {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? ' (bundle)' : ` (bundle ${n})`;
    const candidate = `${base.slice(0, maxLength - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) {
      taken.add(candidate);
      return candidate;
    }
  }
}

function chains(rows: RecordVersion[]): Map<string, RecordVersion[]> {
  const byRecord = new Map<string, RecordVersion[]>();
  for (const row of rows) {
    const chain = byRecord.get(row.recordId);
    if (chain) chain.push(row);
    else byRecord.set(row.recordId, [row]);
  }
  for (const chain of byRecord.values()) chain.sort((a, b) => a.version - b.version);
  return byRecord;
}

/** A short, stable fingerprint (cyrb53): enough to tell that something changed, not a seal. */
function fingerprint(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The state the plan is made against: every row of the active workspace that the import reads or writes. */
async function basisOf(db: NrdDatabase, activeId: string | undefined, bundle: WorkspaceBundle): Promise<string> {
  const parts = [`bundle ${bundle.workspace.id} ${bundle.exportedAt} ${bundle.sites.length} ${bundle.layers.length} ${bundle.records.length} ${bundle.attachments.length}`];
  if (activeId) {
    const sites = await db.sites.where('workspaceId').equals(activeId).toArray();
    const layers = await db.layers.where('workspaceId').equals(activeId).toArray();
    const versions = (await db.records.where('workspaceId').equals(activeId).primaryKeys()) as string[];
    const files = (await db.attachments.where('workspaceId').equals(activeId).primaryKeys()) as string[];
    parts.push(
      `active ${activeId} ${JSON.stringify(await db.workspaces.get(activeId))}`,
      ...sites.map((site) => `site ${site.id} ${site.revision} ${site.reference}`).sort(),
      ...layers.map((layer) => `layer ${JSON.stringify(layer)}`).sort(),
      ...versions.map((id) => `version ${id}`).sort(),
      ...files.map((id) => `file ${id}`).sort(),
    );
  }
  return fingerprint(parts.join('\n'));
}

// ---------------------------------------------------------------------------------------------------

interface SiteConflict {
  conflict: BundleConflict;
  bundle: Site;
  local: Site;
}
interface LayerConflict {
  conflict: BundleConflict;
  bundle: WorkspaceBundle['layers'][number];
  local: Layer;
}
interface RecordConflict {
  conflict: BundleConflict;
  chain: RecordVersion[];
}

/** Everything a merge does, as found in the database: the plan is its conflicts. */
interface MergeActions {
  newSites: Site[];
  sitesUnchanged: number;
  siteConflicts: SiteConflict[];
  newLayers: WorkspaceBundle['layers'];
  layersUnchanged: number;
  layerConflicts: LayerConflict[];
  newRecords: RecordVersion[][];
  /** Bundle versions that follow on from this browser's latest, by record. */
  extensions: RecordVersion[][];
  recordsUnchanged: number;
  recordConflicts: RecordConflict[];
  newAttachments: StoredAttachment[];
  attachmentsAlreadyStored: number;
}

async function planMerge(db: NrdDatabase, bundle: WorkspaceBundle): Promise<MergeActions> {
  const workspaceId = bundle.workspace.id;
  const localSites = await readSites(db, workspaceId);
  const localRows: RecordVersion[] = await db.records.where('workspaceId').equals(workspaceId).toArray();
  const localChains = chains(localRows);
  const bundleChains = chains(bundle.records);
  const sitesById = new Map(localSites.map((site) => [site.id, site]));
  const sitesByReference = new Map(localSites.map((site) => [site.reference, site]));
  const citedLocally = new Set(localRows.map((row) => row.siteId));
  const citedInBundle = new Set(bundle.records.map((row) => row.siteId));

  const actions: MergeActions = {
    newSites: [],
    sitesUnchanged: 0,
    siteConflicts: [],
    newLayers: [],
    layersUnchanged: 0,
    layerConflicts: [],
    newRecords: [],
    extensions: [],
    recordsUnchanged: 0,
    recordConflicts: [],
    newAttachments: [],
    attachmentsAlreadyStored: 0,
  };

  for (const site of bundle.sites) {
    const local = sitesById.get(site.id) ?? sitesByReference.get(site.reference);
    if (!local) {
      actions.newSites.push(site);
      continue;
    }
    const sameId = local.id === site.id;
    const fields = [...new Set(changedFields(local, site).filter((key) => key !== 'id').map((key) => SITE_FIELD_LABELS[key] ?? key))];
    if (sameId && fields.length === 0) {
      actions.sitesUnchanged += 1;
      continue;
    }
    const choices: ConflictChoice[] = ['keep-both'];
    const holder = sitesByReference.get(site.reference);
    // Replacing is offered only where it leaves the register whole: not when the bundle's reference is
    // another site's here, and not over a different site (same reference, another id) that records cite
    // here by its id, as they would be left about a site that is gone.
    if (sameId ? !holder || holder.id === site.id : !citedLocally.has(local.id)) choices.push('replace');
    choices.push('skip');
    const differences = sameId ? fields : ['another site under the same reference', ...fields];
    if (!sameId && citedInBundle.has(site.id)) differences.push('records in the bundle are about the bundle’s site');
    actions.siteConflicts.push({
      conflict: { id: `site:${site.id}`, kind: 'site', label: siteLabel(site), localSummary: siteSummary(local), bundleSummary: siteSummary(site), differences, choices },
      bundle: site,
      local,
    });
  }

  const layersById = new Map((await readLayers(db, workspaceId)).map((layer) => [layer.id, layer]));
  for (const entry of bundle.layers) {
    const local = layersById.get(entry.layer.id);
    if (!local) {
      actions.newLayers.push(entry);
      continue;
    }
    const localData = await readLayerData(db, local);
    const differences = (Object.keys(entry.layer) as (keyof Layer)[]).filter((key) => !sameJson(local[key], entry.layer[key])).map(String);
    if (!sameLayerData(localData, entry.data)) differences.push('the data');
    if (differences.length === 0) {
      actions.layersUnchanged += 1;
      continue;
    }
    actions.layerConflicts.push({
      conflict: {
        id: `layer:${local.id}`,
        kind: 'layer',
        label: entry.layer.name,
        localSummary: layerSummary(local, localData),
        bundleSummary: layerSummary(entry.layer, entry.data),
        differences,
        choices: ['keep-both', 'replace', 'skip'],
      },
      bundle: entry,
      local,
    });
  }

  const referenceOf = (siteId: string) => sitesById.get(siteId)?.reference ?? bundle.sites.find((site) => site.id === siteId)?.reference ?? 'a site';
  for (const [recordId, chain] of bundleChains) {
    const local = localChains.get(recordId);
    if (!local) {
      actions.newRecords.push(chain);
      continue;
    }
    const parting = chain.findIndex((version, index) => index < local.length && (local[index]!.version !== version.version || local[index]!.hash !== version.hash));
    if (parting === -1) {
      // One history is the start of the other: the longer one is kept.
      if (chain.length > local.length) actions.extensions.push(chain.slice(local.length));
      else actions.recordsUnchanged += 1;
      continue;
    }
    const first = chain[0]!;
    const subject = first.siteId !== null ? referenceOf(first.siteId) : first.kind === 'strategic-assessment' && first.content.area ? first.content.area : 'the area';
    actions.recordConflicts.push({
      conflict: {
        id: `record:${recordId}`,
        kind: 'record',
        label: `${RECORD_KIND_LABELS[first.kind]} of ${subject}`,
        localSummary: recordSummary(local),
        bundleSummary: recordSummary(chain),
        differences: [`the histories part at version ${chain[parting]!.version}`],
        // No "keep both": each version is sealed with its record's id (and the one before it), so two
        // histories cannot share one record, and a copy under a new id would no longer verify.
        choices: ['replace', 'skip'],
      },
      chain,
    });
  }

  const ids = bundle.attachments.map((attachment) => attachment.id);
  const stored = new Set((await db.attachments.where('id').anyOf(ids).primaryKeys()) as string[]);
  for (const attachment of bundle.attachments) {
    // Ids are random UUIDs given as a file is saved, so an id stored here is the same file.
    if (stored.has(attachment.id)) actions.attachmentsAlreadyStored += 1;
    else actions.newAttachments.push(attachment);
  }
  return actions;
}

async function analyse(db: NrdDatabase, bundle: WorkspaceBundle): Promise<{ plan: BundlePlan; merge: MergeActions | null }> {
  const activeId = await getActiveWorkspaceId(db);
  const basis = await basisOf(db, activeId, bundle);
  if (activeId !== bundle.workspace.id) {
    const replaces = activeId ? ((await readWorkspace(db, activeId)) ?? null) : null;
    return { plan: { kind: 'new-workspace', replaces, basis }, merge: null };
  }
  const merge = await planMerge(db, bundle);
  const conflicts = [...merge.siteConflicts, ...merge.layerConflicts, ...merge.recordConflicts].map(({ conflict }) => conflict);
  return { plan: { kind: 'merge', conflicts, basis }, merge };
}

/** What importing the bundle would do here, with the conflicts the user must choose on. Writes nothing. */
export async function planBundleImport(db: NrdDatabase, bundle: WorkspaceBundle): Promise<BundlePlan> {
  return db.transaction('r', ALL_TABLES(db), async () => (await analyse(db, bundle)).plan);
}

// ---------------------------------------------------------------------------------------------------

/** The bundle through the same gates as any write (readBundle has passed it; a caller may not have used it). */
async function checkedBundle(bundle: WorkspaceBundle): Promise<WorkspaceBundle> {
  const workspace = Workspace.parse(bundle.workspace);
  const sites = bundle.sites.map((site) => Site.parse(site));
  const layers = bundle.layers.map(({ layer, data }) => ({ layer: Layer.parse(layer), data }));
  const foreign = [...sites, ...layers.map(({ layer }) => layer), ...bundle.records, ...bundle.attachments].find((item) => item.workspaceId !== workspace.id);
  if (foreign) throw new BundleImportError('the bundle holds data of another workspace than its own.');
  // Hashed here, before the transaction: awaiting WebCrypto inside one would let IndexedDB commit it early.
  const files = await Promise.all(bundle.attachments.map(async ({ id, data }) => ({ id, sha256OfBytes: await sha256Hex(data) })));
  const problem = (await verifyRecords(bundle.records, files)).problems[0];
  if (problem) throw new BundleImportError(`its record history does not verify (${problem.message})`);
  return { ...bundle, workspace, sites, layers };
}

function emptySummary(kind: BundlePlan['kind']): ImportSummary {
  return {
    kind,
    sitesAdded: 0,
    sitesReplaced: 0,
    sitesKeptBoth: 0,
    sitesSkipped: 0,
    sitesUnchanged: 0,
    layersAdded: 0,
    layersReplaced: 0,
    layersKeptBoth: 0,
    layersSkipped: 0,
    layersUnchanged: 0,
    recordsAdded: 0,
    recordsExtended: 0,
    recordsReplaced: 0,
    recordsSkipped: 0,
    recordsUnchanged: 0,
    recordVersionsAdded: 0,
    attachmentsAdded: 0,
    attachmentsAlreadyStored: 0,
    notes: [],
  };
}

async function deleteLayerRows(db: NrdDatabase, layerId: string): Promise<void> {
  await db.layerColumns.where('layerId').equals(layerId).delete();
  await db.layerFeatures.delete(layerId);
  await db.layerIndexes.delete(layerId);
  await db.layers.delete(layerId);
}

async function applyNewWorkspace(db: NrdDatabase, bundle: WorkspaceBundle, replaces: Workspace | null): Promise<ImportSummary> {
  const activeId = await getActiveWorkspaceId(db);
  if (activeId) await deleteWorkspaceRows(db, activeId);
  // The app keeps one workspace at a time, so no other should be stored under the bundle's id.
  if (await db.workspaces.get(bundle.workspace.id)) throw new BundleImportError(`another copy of the workspace “${bundle.workspace.name}” is already stored in this browser.`);
  await db.workspaces.add(bundle.workspace);
  await db.sites.bulkAdd(bundle.sites);
  await writeLayers(db, bundle.layers);
  await db.records.bulkAdd(bundle.records);
  await db.attachments.bulkAdd(bundle.attachments);
  await setSetting(db, ACTIVE_WORKSPACE, bundle.workspace.id);
  const summary = emptySummary('new-workspace');
  summary.sitesAdded = bundle.sites.length;
  summary.layersAdded = bundle.layers.length;
  summary.recordsAdded = chains(bundle.records).size;
  summary.recordVersionsAdded = bundle.records.length;
  summary.attachmentsAdded = bundle.attachments.length;
  if (replaces) summary.notes.push(`The workspace “${bundle.workspace.name}” replaced “${replaces.name}”, as this browser keeps one workspace at a time.`);
  return summary;
}

async function applyMerge(db: NrdDatabase, bundle: WorkspaceBundle, merge: MergeActions, choices: Record<string, ConflictChoice>): Promise<ImportSummary> {
  const summary = emptySummary('merge');
  summary.sitesUnchanged = merge.sitesUnchanged;
  summary.layersUnchanged = merge.layersUnchanged;
  summary.recordsUnchanged = merge.recordsUnchanged;
  summary.attachmentsAlreadyStored = merge.attachmentsAlreadyStored;
  const workspaceId = bundle.workspace.id;

  for (const site of merge.newSites) await db.sites.add(site);
  summary.sitesAdded = merge.newSites.length;
  const references = new Set([...(await db.sites.where('workspaceId').equals(workspaceId).toArray()).map((site) => site.reference), ...bundle.sites.map((site) => site.reference)]);
  const citedInBundle = new Set(bundle.records.map((row) => row.siteId));
  for (const { conflict, bundle: site, local } of merge.siteConflicts) {
    const choice = choices[conflict.id];
    if (choice === 'replace') {
      // A revision past the local one: a tab still editing the local copy is told, not overwritten.
      if (local.id !== site.id) await db.sites.delete(local.id);
      await db.sites.put({ ...site, revision: local.revision + 1 });
      summary.sitesReplaced += 1;
    } else if (choice === 'keep-both') {
      const id = (await db.sites.get(site.id)) ? crypto.randomUUID() : site.id;
      const reference = uniqueName(site.reference, references, 64);
      await db.sites.add({ ...site, id, reference });
      summary.sitesKeptBoth += 1;
      // Records are sealed with the site id they are about, so they cannot follow the copy to its new id.
      if (id !== site.id && citedInBundle.has(site.id)) {
        summary.notes.push(`Records in the bundle about ${site.reference} stay with the site ${local.reference} here; the bundle’s copy of the site is ${reference}, without them.`);
      }
    } else {
      summary.sitesSkipped += 1;
    }
  }
  const register = await db.sites.where('workspaceId').equals(workspaceId).toArray();
  const seen = new Set<string>();
  for (const { reference } of register) {
    if (seen.has(reference)) throw new ReferenceTakenError(reference);
    seen.add(reference);
  }
  const siteIds = new Set(register.map((site) => site.id));

  await writeLayers(db, merge.newLayers);
  summary.layersAdded = merge.newLayers.length;
  const layerNames = new Set([...(await db.layers.where('workspaceId').equals(workspaceId).toArray()).map((layer) => layer.name)]);
  for (const { conflict, bundle: entry, local } of merge.layerConflicts) {
    const choice = choices[conflict.id];
    if (choice === 'replace') {
      await deleteLayerRows(db, local.id);
      await writeLayers(db, [entry]);
      summary.layersReplaced += 1;
    } else if (choice === 'keep-both') {
      await writeLayers(db, [{ layer: { ...entry.layer, id: crypto.randomUUID(), name: uniqueName(entry.layer.name, layerNames, 200) }, data: entry.data }]);
      summary.layersKeptBoth += 1;
    } else {
      summary.layersSkipped += 1;
    }
  }

  let orphans = 0;
  for (const chain of merge.newRecords) {
    // A record about a site the user chose not to import would be about nothing in this register.
    const siteId = chain[0]!.siteId;
    if (siteId !== null && !siteIds.has(siteId)) {
      orphans += 1;
      continue;
    }
    await db.records.bulkAdd(chain);
    summary.recordsAdded += 1;
    summary.recordVersionsAdded += chain.length;
  }
  if (orphans > 0) {
    summary.recordsSkipped += orphans;
    summary.notes.push(`${plural(orphans, 'record')} in the bundle ${orphans === 1 ? 'is' : 'are'} about a site that was not imported, so ${orphans === 1 ? 'it was' : 'they were'} left out.`);
  }
  for (const versions of merge.extensions) {
    await db.records.bulkAdd(versions);
    summary.recordsExtended += 1;
    summary.recordVersionsAdded += versions.length;
  }
  for (const { conflict, chain } of merge.recordConflicts) {
    if (choices[conflict.id] === 'replace') {
      await db.records.where('recordId').equals(chain[0]!.recordId).delete();
      await db.records.bulkAdd(chain);
      summary.recordsReplaced += 1;
      summary.recordVersionsAdded += chain.length;
    } else {
      summary.recordsSkipped += 1;
    }
  }

  await db.attachments.bulkAdd(merge.newAttachments);
  summary.attachmentsAdded = merge.newAttachments.length;
  return summary;
}

const TABLE_NOUNS: Record<string, string> = {
  workspaces: 'workspace',
  sites: 'site',
  layers: 'layer',
  layerColumns: 'layer',
  layerFeatures: 'layer',
  layerIndexes: 'layer',
  records: 'record version',
  attachments: 'file',
};

/** IndexedDB's reasons in words a user can act on; the original stays as the error's cause. */
function writeFailure(error: unknown): string {
  const { name, message, failures } = (error ?? {}) as { name?: string; message?: string; failures?: { name?: string }[] };
  const reason = name === 'BulkError' ? failures?.find(Boolean)?.name : name;
  if (reason === 'ConstraintError') {
    const table = /^(\w+)\./.exec(message ?? '')?.[1];
    return `a ${TABLE_NOUNS[table ?? ''] ?? 'row'} in it has an id this browser already holds for something else.`;
  }
  if (reason === 'QuotaExceededError') return 'this browser has no room left to store it. Free some space (or export and remove other data) and try again.';
  return message ?? String(error);
}

/**
 * Imports a bundle as planned, with the user's choice for each conflict, in one transaction over
 * every table: all of it is written, or, if anything fails (the workspace changed since the plan, a
 * reference taken, a write refused), none of it. The workspace row of a merged workspace stays as it is here.
 */
export async function applyBundleImport(db: NrdDatabase, bundle: WorkspaceBundle, plan: BundlePlan, choices: Record<string, ConflictChoice>): Promise<ImportSummary> {
  if (plan.kind === 'merge') {
    for (const conflict of plan.conflicts) {
      const choice = choices[conflict.id];
      if (!choice || !conflict.choices.includes(choice)) {
        throw new BundleImportError(`choose ${conflict.choices.map((option) => option.replace('-', ' ')).join(', ')} for ${conflict.label} first.`);
      }
    }
  }
  const checked = await checkedBundle(bundle);
  try {
    return await db.transaction('rw', ALL_TABLES(db), async () => {
      const fresh = await analyse(db, checked);
      const sameConflicts =
        fresh.plan.kind !== 'merge' || (plan.kind === 'merge' && sameJson(fresh.plan.conflicts.map((conflict) => conflict.id), plan.conflicts.map((conflict) => conflict.id)));
      if (fresh.plan.kind !== plan.kind || fresh.plan.basis !== plan.basis || !sameConflicts) throw new StaleBundlePlanError();
      return fresh.merge ? applyMerge(db, checked, fresh.merge, choices) : applyNewWorkspace(db, checked, plan.kind === 'new-workspace' ? plan.replaces : null);
    });
  } catch (error) {
    if (error instanceof StaleBundlePlanError || error instanceof ReferenceTakenError || error instanceof BundleImportError) throw error;
    throw new BundleImportError(writeFailure(error), { cause: error });
  }
}
