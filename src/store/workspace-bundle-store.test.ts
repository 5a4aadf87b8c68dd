import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { openDatabase, type NrdDatabase } from './database.ts';
import { appendRecordVersion, saveAttachment, verifyWorkspaceRecords, type RecordDraft } from './record-store.ts';
import { applySiteChanges } from './site-store.ts';
import { getActiveWorkspaceId, readSites, replaceActiveWorkspace, type WorkspaceContents } from './workspace-store.ts';
import {
  BundleImportError,
  StaleBundlePlanError,
  applyBundleImport,
  planBundleImport,
  readWorkspaceBundle,
  type BundlePlan,
  type ConflictChoice,
} from './workspace-bundle-store.ts';
import { readBundle, writeBundle, type WorkspaceBundle } from '../io/workspace-bundle.ts';
import { FIXED_TIME, exampleLayer, exampleSite, exampleStrategicAssessment } from '../../test/fixtures/domain.ts';
import { crimeLayerAt } from '../../test/fixtures/crime-layer.ts';
import { wgs84ToBng } from '../geo/british-national-grid.ts';
import { prepareAnalysisInputs, registerFigures, siteFigures } from '../analysis/site-figures.ts';
import type { AttachmentRef, Decision, RecordVersion, UnsealedVersion } from '../domain/procedure-record.ts';
import type { Site } from '../domain/site.ts';
import { sealVersion } from '../procedure/record-chain.ts';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { LayerKind, LayerStyle, SourceCrs, type Layer } from '../domain/layer.ts';
import { SiteDraft } from '../domain/site.ts';
import { FORMAT_DRIVERS } from '../io/format-registry.ts';
import { runImport } from '../io/run-import.ts';

const WORKSPACE = 'workspace-1';
const T1 = '2026-11-25T10:01:00.000Z';
const T2 = '2026-11-25T10:02:00.000Z';
const T3 = '2026-11-25T10:03:00.000Z';
const EXPORTED = '2026-11-30T12:00:00.000Z';

const swainswick = exampleSite({ id: 'site-e02', reference: 'BANES-E02', name: 'Swainswick', lon: -2.36, lat: 51.38, bearingDegrees: 90, rangeMetres: 150 });
const wellsway = exampleSite({ id: 'site-p01', reference: 'BANES-P01', name: 'Wellsway', kind: 'proposed', lon: -2.3585, lat: 51.3815, bearingDegrees: 180, rangeMetres: 200 });

/** Crimes around the two sites, in grid metres from the first: some inside each coverage, some in neither. */
function crimes() {
  const { easting, northing } = wgs84ToBng({ lon: swainswick.lon, lat: swainswick.lat });
  const offsets: [number, number, string, string][] = [
    [20, 0, 'Burglary', '2023-01'],
    [60, 10, 'Robbery', '2023-02'],
    [120, -5, 'Burglary', '2023-02'],
    [-80, 0, 'Vehicle crime', '2023-03'],
    [110, 140, 'Burglary', '2023-01'],
    [130, 100, 'Robbery', '2023-03'],
    [400, 400, 'Burglary', '2023-01'],
    [5, 3, 'Vehicle crime', '2023-02'],
  ];
  return crimeLayerAt(
    offsets.map(([de, dn, type, month], i) => ({ e: easting + de, n: northing + dn, type, month, lsoa: i % 2 ? 'E01014370' : 'E01014371', force: 'Avon and Somerset' })),
    { lsoa: true, force: true },
  );
}

function contents(): WorkspaceContents {
  const crime = crimes();
  return {
    workspace: { id: WORKSPACE, name: 'Bath and North East Somerset', forceArea: 'Avon and Somerset', description: 'Planning', isSample: false, createdAt: FIXED_TIME },
    sites: [swainswick, wellsway],
    layers: [
      { layer: exampleLayer({ id: 'layer-crime', name: 'Crime Jan–Mar 2023' }), data: { kind: 'points', columns: crime.columns, index: crime.grid.index.data as ArrayBuffer } },
      {
        layer: exampleLayer({ id: 'layer-boundary', name: 'BANES boundary', kind: 'boundary', geometry: 'polygon', importedAt: T1 }),
        data: {
          kind: 'features',
          features: {
            type: 'FeatureCollection',
            features: [{ type: 'Feature', properties: { name: 'BANES' }, geometry: { type: 'Polygon', coordinates: [[[-2.5, 51.3], [-2.3, 51.3], [-2.3, 51.45], [-2.5, 51.3]]] } }],
          },
        },
      },
    ],
  };
}

const decision = (overrides: Partial<Decision> = {}): Decision => ({
  strategicAssessmentId: null,
  locations: 'Wellsway, from the strategic assessment’s county lines corridor.',
  existingReview: '',
  fitFigures: null,
  privacyImpactId: null,
  proportionality: '',
  outcome: null,
  decidedOn: '',
  justification: '',
  concluded: false,
  ...overrides,
});

const decisionDraft = (overrides: Partial<RecordDraft<'decision'>> = {}): RecordDraft<'decision'> => ({
  recordId: null,
  basedOnVersion: 0,
  kind: 'decision',
  workspaceId: WORKSPACE,
  siteId: wellsway.id,
  content: decision(),
  author: 'Insp. Patel',
  note: '',
  ...overrides,
});

function assessmentDraft(attachment: AttachmentRef): RecordDraft<'strategic-assessment'> {
  return {
    recordId: null,
    basedOnVersion: 0,
    kind: 'strategic-assessment',
    workspaceId: WORKSPACE,
    siteId: null,
    content: exampleStrategicAssessment(attachment),
    author: 'Analyst',
    note: '',
  };
}

/** A workspace as a browser holds it after some work: two sites, a crime layer, a boundary, records and a file. */
async function workedWorkspace(db: NrdDatabase): Promise<{ decisionV1: RecordVersion; decisionV2: RecordVersion }> {
  await replaceActiveWorkspace(db, contents());
  const ref = await saveAttachment(db, WORKSPACE, { name: 'assessment.pdf', type: 'application/pdf', data: new TextEncoder().encode('Force strategic assessment 2026').buffer });
  await appendRecordVersion(db, assessmentDraft(ref), T1);
  const { version: decisionV1 } = await appendRecordVersion(db, decisionDraft(), T1);
  const { version: decisionV2 } = await appendRecordVersion(db, decisionDraft({ recordId: decisionV1.recordId, basedOnVersion: 1, content: decision({ proportionality: 'One lane only.' }) }), T2);
  return { decisionV1, decisionV2 };
}

/** Every figure the site panel and the register show, from a bundle's layers and sites. */
function analysis(bundle: WorkspaceBundle) {
  const inputs = prepareAnalysisInputs(bundle.layers, {});
  return {
    register: registerFigures(bundle.sites, inputs),
    sites: bundle.sites.map((site) => siteFigures(site, bundle.sites, inputs, { sensitiveWithinMetres: 200 })),
  };
}

async function throughFile(bundle: WorkspaceBundle): Promise<WorkspaceBundle> {
  const result = await readBundle(await writeBundle(bundle));
  if (!result.ok) throw new Error(result.message);
  return result.bundle;
}

async function importInto(db: NrdDatabase, bundle: WorkspaceBundle, choices: Record<string, ConflictChoice> = {}) {
  const plan = await planBundleImport(db, bundle);
  return { plan, summary: await applyBundleImport(db, bundle, plan, choices) };
}

const names = ['bundle-store-a', 'bundle-store-b'];
let db: NrdDatabase;
let other: NrdDatabase;
beforeEach(() => {
  db = openDatabase(names[0]);
  other = openDatabase(names[1]);
});
afterEach(async () => {
  db.close();
  other.close();
  await Promise.all(names.map((name) => Dexie.delete(name)));
});

describe('a workspace carried to another browser', () => {
  it('arrives identical: sites, layers as typed arrays, records with their hashes, files, and the same figures', async () => {
    await workedWorkspace(db);
    const exported = await readWorkspaceBundle(db, WORKSPACE, EXPORTED);
    expect(exported.records).toHaveLength(3);
    const arrived = await throughFile(exported);

    const { plan, summary } = await importInto(other, arrived);
    expect(plan).toMatchObject({ kind: 'new-workspace', replaces: null });
    expect(summary).toMatchObject({ kind: 'new-workspace', sitesAdded: 2, layersAdded: 2, recordsAdded: 2, recordVersionsAdded: 3, attachmentsAdded: 1 });
    expect(await getActiveWorkspaceId(other)).toBe(WORKSPACE);

    const again = await readWorkspaceBundle(other, WORKSPACE, EXPORTED);
    // Strict: typed arrays of the same types, and the index and file bytes compared (toEqual passes any two ArrayBuffers).
    expect(again).toStrictEqual(exported);
    expect(again.records.map((record) => record.hash)).toEqual(exported.records.map((record) => record.hash));
    expect(await verifyWorkspaceRecords(other, WORKSPACE)).toEqual({ checkedVersions: 3, checkedRecords: 2, problems: [] });

    const before = analysis(exported);
    expect(before.register).not.toBeNull();
    expect(before.sites[0]?.coverage?.crimes).toBeGreaterThan(0);
    expect(analysis(again)).toEqual(before);
  });

  it('replaces the open workspace when the bundle is of another one, as Reset to sample does', async () => {
    await workedWorkspace(db);
    const bundle = await throughFile(await readWorkspaceBundle(db, WORKSPACE, EXPORTED));
    await replaceActiveWorkspace(other, { workspace: { ...contents().workspace, id: 'other', name: 'Sample' }, sites: [exampleSite({ id: 'x', workspaceId: 'other' })], layers: [] });
    await appendRecordVersion(other, decisionDraft({ workspaceId: 'other', siteId: 'x' }), T1);

    const { plan, summary } = await importInto(other, bundle);
    expect(plan).toMatchObject({ kind: 'new-workspace', replaces: { id: 'other', name: 'Sample' } });
    expect(summary.notes).toEqual(['The workspace “Bath and North East Somerset” replaced “Sample”, as this browser keeps one workspace at a time.']);
    expect(await other.workspaces.toCollection().primaryKeys()).toEqual([WORKSPACE]);
    expect(await other.records.where('workspaceId').equals('other').count()).toBe(0);
    expect(await other.sites.get('x')).toBeUndefined();
  });
});

const SAMPLE = new URL('../../data/sample/', import.meta.url);
const SampleManifest = z.object({
  name: z.string(),
  forceArea: z.string(),
  description: z.string(),
  layers: z.array(z.object({ name: z.string(), kind: LayerKind, file: z.string(), format: z.enum(['police-uk-csv', 'geojson']), sourceCrs: SourceCrs, style: LayerStyle, visible: z.boolean() })),
});

/** The bundled sample, read by the same drivers the app's "Reset to sample" runs (there in a worker). */
async function sampleWorkspace(): Promise<WorkspaceContents> {
  const read = (file: string) => new Uint8Array(readFileSync(new URL(file, SAMPLE)));
  const manifest = SampleManifest.parse(JSON.parse(new TextDecoder().decode(read('workspace.json'))));
  const files = manifest.layers.map((layer) => ({ name: layer.file, bytes: read(layer.file) }));
  const jobs = manifest.layers.map((layer, i) => ({ layerName: layer.name, driverId: layer.format, kind: layer.kind, fileIndexes: [i], companionIndexes: [] }));
  const result = await runImport(jobs, files, FORMAT_DRIVERS, { choices: {}, onProgress: () => {} });
  const layers = result.layers.map((imported, i) => {
    const layer: Layer = {
      id: `sample-layer-${i}`,
      workspaceId: 'sample',
      name: imported.layerName,
      kind: imported.kind,
      geometry: imported.geometry,
      sourceFiles: imported.sourceFiles,
      importedAt: FIXED_TIME,
      rowCounts: { read: imported.reports[0]!.rowsRead, imported: imported.reports[0]!.rowsImported, rejected: imported.reports[0]!.rowsRead - imported.reports[0]!.rowsImported },
      sourceCrs: imported.sourceCrs,
      visible: manifest.layers[i]!.visible,
      style: manifest.layers[i]!.style,
    };
    return { layer, data: imported.data };
  });
  const drafts = z.array(SiteDraft).parse(JSON.parse(new TextDecoder().decode(read('sites.json'))));
  const sites = drafts.map((draft, i) => ({ ...draft, id: `sample-site-${i}`, workspaceId: 'sample', statusHistory: [], revision: 0, createdAt: FIXED_TIME, updatedAt: FIXED_TIME }));
  return { workspace: { id: 'sample', name: manifest.name, forceArea: manifest.forceArea, description: manifest.description, isSample: true, createdAt: FIXED_TIME }, sites, layers };
}

describe('the bundled sample carried to another browser', () => {
  it('gives the same figures for every site and for the register', async () => {
    await replaceActiveWorkspace(db, await sampleWorkspace());
    const exported = await readWorkspaceBundle(db, 'sample', EXPORTED);
    expect(exported.layers.map(({ layer }) => layer.kind).sort()).toEqual(['boundary', 'cni', 'crime', 'population', 'sensitive']);
    const arrived = await throughFile(exported);
    await importInto(other, arrived);
    const again = await readWorkspaceBundle(other, 'sample', EXPORTED);
    expect(again).toStrictEqual(exported);

    const before = analysis(exported);
    expect(before.sites.some((figures) => (figures.coverage?.crimes ?? 0) > 0)).toBe(true);
    expect(before.sites.every((figures) => figures.residents !== null && figures.sensitive !== null)).toBe(true);
    expect(analysis(again)).toEqual(before);
  }, 60_000);
});

describe('merging a bundle of the open workspace', () => {
  let versions: { decisionV1: RecordVersion; decisionV2: RecordVersion };
  let bundle: WorkspaceBundle;
  beforeEach(async () => {
    versions = await workedWorkspace(db);
    bundle = await readWorkspaceBundle(db, WORKSPACE, EXPORTED);
  });

  it('finds nothing to choose when both sides hold the same', async () => {
    const { plan, summary } = await importInto(db, bundle);
    expect(plan).toMatchObject({ kind: 'merge', conflicts: [] });
    expect(summary).toMatchObject({ sitesUnchanged: 2, layersUnchanged: 2, recordsUnchanged: 2, attachmentsAlreadyStored: 1, sitesAdded: 0, recordVersionsAdded: 0 });
  });

  describe('a site edited on both sides', () => {
    let local: Site;
    beforeEach(async () => {
      const stored = (await db.sites.get(swainswick.id))!;
      local = (await applySiteChanges(db, [{ before: stored, after: { ...stored, name: 'Swainswick (local edit)' } }], T2))[0]!;
      bundle = {
        ...bundle,
        sites: bundle.sites.map((site) =>
          site.id === swainswick.id
            ? {
                ...site,
                name: 'Swainswick (edited elsewhere)',
                status: 'under-review',
                statusHistory: [{ from: 'live', to: 'under-review', date: '2026-11-28', by: 'Insp. Patel', reason: 'Annual review', recordedAt: T3 }],
                revision: 1,
                updatedAt: T3,
              }
            : site,
        ),
      };
    });

    it('is a conflict, with both sides summarised and every choice offered', async () => {
      const plan = await planBundleImport(db, bundle);
      expect(plan).toEqual({
        kind: 'merge',
        basis: expect.any(String),
        conflicts: [
          {
            id: `site:${swainswick.id}`,
            kind: 'site',
            label: 'BANES-E02 Swainswick (edited elsewhere)',
            localSummary: 'BANES-E02 Swainswick (local edit): Live, revision 1, last saved 2026-11-25',
            bundleSummary: 'BANES-E02 Swainswick (edited elsewhere): Under review, revision 1, last saved 2026-11-25',
            differences: ['name', 'status', 'status history'],
            choices: ['keep-both', 'replace', 'skip'],
          },
        ],
      });
    });

    it('skip keeps this browser’s site', async () => {
      const { summary } = await importInto(db, bundle, { [`site:${swainswick.id}`]: 'skip' });
      expect(summary).toMatchObject({ sitesSkipped: 1, sitesUnchanged: 1 });
      expect(await readSites(db, WORKSPACE)).toEqual([local, wellsway]);
    });

    it('replace puts the bundle’s site over it, one revision on', async () => {
      const { summary } = await importInto(db, bundle, { [`site:${swainswick.id}`]: 'replace' });
      expect(summary).toMatchObject({ sitesReplaced: 1 });
      const fromBundle = bundle.sites.find((site) => site.id === swainswick.id)!;
      expect(await readSites(db, WORKSPACE)).toEqual([{ ...fromBundle, revision: local.revision + 1 }, wellsway]);
    });

    it('keep both adds the bundle’s site under a new id and a reference of its own, with its history', async () => {
      const { summary } = await importInto(db, bundle, { [`site:${swainswick.id}`]: 'keep-both' });
      expect(summary).toMatchObject({ sitesKeptBoth: 1, notes: [] });
      const register = await readSites(db, WORKSPACE);
      expect(register.map((site) => [site.reference, site.name])).toEqual([
        ['BANES-E02', 'Swainswick (local edit)'],
        ['BANES-E02 (bundle)', 'Swainswick (edited elsewhere)'],
        ['BANES-P01', 'Wellsway'],
      ]);
      const copy = register[1]!;
      expect(copy.id).not.toBe(swainswick.id);
      expect(copy.statusHistory).toHaveLength(1);

      // A second bundle with the same edit makes a second copy, numbered.
      await importInto(db, bundle, { [`site:${swainswick.id}`]: 'keep-both' });
      expect((await readSites(db, WORKSPACE)).map((site) => site.reference)).toEqual(['BANES-E02', 'BANES-E02 (bundle 2)', 'BANES-E02 (bundle)', 'BANES-P01']);
    });
  });

  it('keeps both of a site with records: the records stay with the original, and the summary says so', async () => {
    const stored = (await db.sites.get(wellsway.id))!;
    await applySiteChanges(db, [{ before: stored, after: { ...stored, road: 'A367' } }], T2);
    bundle = { ...bundle, sites: bundle.sites.map((site) => (site.id === wellsway.id ? { ...site, road: 'A3062' } : site)) };
    const { summary } = await importInto(db, bundle, { [`site:${wellsway.id}`]: 'keep-both' });
    expect(summary.notes).toEqual(['Records in the bundle about BANES-P01 stay with the site BANES-P01 here; the bundle’s copy of the site is BANES-P01 (bundle), without them.']);
  });

  it('takes a site with the same reference under another id as a conflict, and offers no replace over a site records cite', async () => {
    const twin = { ...wellsway, id: 'site-elsewhere', name: 'Wellsway (entered elsewhere)' };
    bundle = { ...bundle, sites: [...bundle.sites.filter((site) => site.id !== wellsway.id), twin] };
    const plan = await planBundleImport(db, bundle);
    expect(plan.kind === 'merge' && plan.conflicts).toMatchObject([
      { id: 'site:site-elsewhere', label: 'BANES-P01 Wellsway (entered elsewhere)', differences: ['another site under the same reference', 'name'], choices: ['keep-both', 'skip'] },
    ]);
    const summary = await applyBundleImport(db, bundle, plan, { 'site:site-elsewhere': 'keep-both' });
    expect(summary.sitesKeptBoth).toBe(1);
    // The bundle's own id was free, so the copy keeps it.
    expect(await db.sites.get('site-elsewhere')).toMatchObject({ reference: 'BANES-P01 (bundle)' });
  });

  it('replaces a site of the same reference under another id when no record here cites it', async () => {
    const twin = { ...swainswick, id: 'site-elsewhere', name: 'Swainswick (entered elsewhere)' };
    bundle = { ...bundle, sites: [...bundle.sites.filter((site) => site.id !== swainswick.id), twin] };
    const plan = await planBundleImport(db, bundle);
    expect(plan.kind === 'merge' && plan.conflicts.map((conflict) => conflict.choices)).toEqual([['keep-both', 'replace', 'skip']]);
    await applyBundleImport(db, bundle, plan, { 'site:site-elsewhere': 'replace' });
    expect(await db.sites.get(swainswick.id)).toBeUndefined();
    expect(await readSites(db, WORKSPACE)).toEqual([{ ...twin, revision: swainswick.revision + 1 }, wellsway]);
  });

  it('adds what only the bundle holds', async () => {
    const added = exampleSite({ id: 'site-new', reference: 'BANES-P02', name: 'Odd Down', kind: 'proposed' });
    const extraLayer = { layer: exampleLayer({ id: 'layer-extra', name: 'Schools', kind: 'sensitive', importedAt: T3 }), data: bundle.layers[0]!.data };
    bundle = { ...bundle, sites: [...bundle.sites, added], layers: [...bundle.layers, extraLayer] };
    const { plan, summary } = await importInto(db, await throughFile(bundle));
    expect(plan).toMatchObject({ conflicts: [] });
    expect(summary).toMatchObject({ sitesAdded: 1, layersAdded: 1, sitesUnchanged: 2, layersUnchanged: 2 });
    expect(await db.sites.get('site-new')).toEqual(added);
    expect((await db.layerColumns.where('layerId').equals('layer-extra').count())).toBe(6);
  });

  it('takes a layer changed on one side as a conflict: replace, keep both or skip', async () => {
    bundle = { ...bundle, layers: bundle.layers.map((entry) => (entry.layer.id === 'layer-crime' ? { ...entry, layer: { ...entry.layer, style: { ...entry.layer.style, colour: '#000000' } } } : entry)) };
    const plan = await planBundleImport(db, bundle);
    expect(plan.kind === 'merge' && plan.conflicts).toEqual([
      {
        id: 'layer:layer-crime',
        kind: 'layer',
        label: 'Crime Jan–Mar 2023',
        localSummary: 'Crime Jan–Mar 2023: 8 points, imported 2026-11-25 from crime.csv',
        bundleSummary: 'Crime Jan–Mar 2023: 8 points, imported 2026-11-25 from crime.csv',
        differences: ['style'],
        choices: ['keep-both', 'replace', 'skip'],
      },
    ]);
    await applyBundleImport(db, bundle, plan, { 'layer:layer-crime': 'keep-both' });
    const layers = await db.layers.where('workspaceId').equals(WORKSPACE).toArray();
    expect(layers.map((layer) => layer.name).sort()).toEqual(['BANES boundary', 'Crime Jan–Mar 2023', 'Crime Jan–Mar 2023 (bundle)']);
    const copy = layers.find((layer) => layer.name === 'Crime Jan–Mar 2023 (bundle)')!;
    expect(copy).toMatchObject({ style: { colour: '#000000' } });
    expect(await db.layerColumns.where('layerId').equals(copy.id).count()).toBe(6);
    expect(await db.layerIndexes.get(copy.id)).toBeDefined();

    const replaced = bundle.layers.map((entry) => (entry.layer.id === 'layer-boundary' ? { ...entry, data: { kind: 'features' as const, features: { type: 'FeatureCollection' as const, features: [] } } } : entry));
    bundle = { ...bundle, layers: replaced };
    const second = await planBundleImport(db, bundle);
    expect(second.kind === 'merge' && second.conflicts.map((conflict) => [conflict.id, conflict.differences])).toEqual([
      ['layer:layer-crime', ['style']],
      ['layer:layer-boundary', ['the data']],
    ]);
    await applyBundleImport(db, bundle, second, { 'layer:layer-crime': 'skip', 'layer:layer-boundary': 'replace' });
    expect(await db.layerFeatures.get('layer-boundary')).toEqual({ layerId: 'layer-boundary', features: { type: 'FeatureCollection', features: [] } });
    expect(await db.layers.get('layer-crime')).toMatchObject({ style: { colour: '#d62728' } });
  });

  it('adds the later versions of a record the bundle holds more of, without asking', async () => {
    await db.records.delete(versions.decisionV2.versionId);
    const { plan, summary } = await importInto(db, await throughFile(bundle));
    expect(plan).toMatchObject({ kind: 'merge', conflicts: [] });
    expect(summary).toMatchObject({ recordsExtended: 1, recordVersionsAdded: 1, recordsUnchanged: 1 });
    expect(await db.records.get(versions.decisionV2.versionId)).toEqual(versions.decisionV2);
    expect((await verifyWorkspaceRecords(db, WORKSPACE)).problems).toEqual([]);
  });

  it('keeps this browser’s longer history when the bundle holds the start of it', async () => {
    bundle = { ...bundle, records: bundle.records.filter((record) => record.versionId !== versions.decisionV2.versionId) };
    const { plan, summary } = await importInto(db, bundle);
    expect(plan).toMatchObject({ conflicts: [] });
    expect(summary).toMatchObject({ recordsUnchanged: 2, recordVersionsAdded: 0 });
    expect(await db.records.get(versions.decisionV2.versionId)).toEqual(versions.decisionV2);
  });

  describe('a record whose histories part', () => {
    let elsewhere: RecordVersion;
    beforeEach(async () => {
      const { hash: _hash, ...unsealed } = versions.decisionV2;
      elsewhere = await sealVersion({ ...unsealed, versionId: 'version-2-elsewhere', note: 'Saved in the other browser', content: decision({ proportionality: 'Two lanes.' }) } as UnsealedVersion);
      bundle = { ...bundle, records: bundle.records.map((record) => (record.versionId === versions.decisionV2.versionId ? elsewhere : record)) };
    });

    it('is a conflict offering only replace or skip', async () => {
      const plan = await planBundleImport(db, bundle);
      expect(plan.kind === 'merge' && plan.conflicts).toEqual([
        {
          id: `record:${versions.decisionV1.recordId}`,
          kind: 'record',
          label: 'New infrastructure decision of BANES-P01',
          localSummary: '2 versions; the latest, version 2, saved by Insp. Patel on 2026-11-25',
          bundleSummary: '2 versions; the latest, version 2, saved by Insp. Patel on 2026-11-25',
          differences: ['the histories part at version 2'],
          choices: ['replace', 'skip'],
        },
      ]);
      await expect(applyBundleImport(db, bundle, plan, { [`record:${versions.decisionV1.recordId}`]: 'keep-both' })).rejects.toThrow(
        'The bundle could not be imported, and nothing was changed: choose replace, skip for New infrastructure decision of BANES-P01 first.',
      );
    });

    it('replace takes the bundle’s history, which verifies', async () => {
      const { summary } = await importInto(await Promise.resolve(db), await throughFile(bundle), { [`record:${versions.decisionV1.recordId}`]: 'replace' });
      expect(summary).toMatchObject({ recordsReplaced: 1, recordVersionsAdded: 2 });
      expect(await db.records.where('recordId').equals(versions.decisionV1.recordId).toArray()).toEqual(expect.arrayContaining([versions.decisionV1, elsewhere]));
      expect(await db.records.get(versions.decisionV2.versionId)).toBeUndefined();
      expect((await verifyWorkspaceRecords(db, WORKSPACE)).problems).toEqual([]);
    });

    it('skip keeps this browser’s history', async () => {
      const { summary } = await importInto(db, bundle, { [`record:${versions.decisionV1.recordId}`]: 'skip' });
      expect(summary).toMatchObject({ recordsSkipped: 1, recordVersionsAdded: 0 });
      expect(await db.records.get(versions.decisionV2.versionId)).toEqual(versions.decisionV2);
      expect(await db.records.get('version-2-elsewhere')).toBeUndefined();
    });
  });

  it('leaves out records about a site the user did not import', async () => {
    const twin = { ...wellsway, id: 'site-elsewhere', name: 'Wellsway (entered elsewhere)' };
    const { hash: _hash, ...unsealed } = versions.decisionV1;
    const aboutTwin = await sealVersion({ ...unsealed, versionId: 'twin-v1', recordId: 'twin-record', siteId: twin.id } as UnsealedVersion);
    bundle = { ...bundle, sites: [...bundle.sites, twin], records: [...bundle.records, aboutTwin] };
    const plan = await planBundleImport(db, bundle);
    expect(plan.kind === 'merge' && plan.conflicts[0]?.differences).toEqual(['another site under the same reference', 'name', 'records in the bundle are about the bundle’s site']);
    const summary = await applyBundleImport(db, bundle, plan, { 'site:site-elsewhere': 'skip' });
    expect(summary).toMatchObject({ sitesSkipped: 1, recordsSkipped: 1, notes: ['1 record in the bundle is about a site that was not imported, so it was left out.'] });
    expect(await db.records.get('twin-v1')).toBeUndefined();
  });
});

describe('an import that cannot be finished changes nothing', () => {
  let bundle: WorkspaceBundle;
  let plan: BundlePlan;
  beforeEach(async () => {
    await workedWorkspace(db);
    bundle = await readWorkspaceBundle(db, WORKSPACE, EXPORTED);
    bundle = { ...bundle, sites: [...bundle.sites, exampleSite({ id: 'site-new', reference: 'BANES-P02', name: 'Odd Down' })] };
  });

  it('refuses a plan made before another tab saved to the workspace', async () => {
    plan = await planBundleImport(db, bundle);
    const stored = (await db.sites.get(swainswick.id))!;
    await applySiteChanges(db, [{ before: stored, after: { ...stored, notes: 'Edited in another tab' } }], T3);
    const before = await readWorkspaceBundle(db, WORKSPACE, EXPORTED);
    await expect(applyBundleImport(db, bundle, plan, {})).rejects.toThrow(StaleBundlePlanError);
    await expect(applyBundleImport(db, bundle, plan, {})).rejects.toThrow(
      'The workspace changed after the bundle was checked (another tab saved to it); nothing was imported. Open the bundle again to see what it would change now.',
    );
    expect(await readWorkspaceBundle(db, WORKSPACE, EXPORTED)).toStrictEqual(before);
  });

  it('rolls back every write when one fails part way', async () => {
    // A new record whose version id another record's version already has: the write fails after the new site was added.
    const { hash: _hash, ...unsealed } = bundle.records.find((record) => record.kind === 'decision' && record.version === 1)!;
    const clashing = await sealVersion({ ...unsealed, recordId: 'another-record' } as UnsealedVersion);
    bundle = { ...bundle, records: [...bundle.records, clashing] };
    plan = await planBundleImport(db, bundle);
    expect(plan).toMatchObject({ kind: 'merge', conflicts: [] });
    const before = await readWorkspaceBundle(db, WORKSPACE, EXPORTED);
    const attempt = applyBundleImport(db, bundle, plan, {});
    await expect(attempt).rejects.toThrow(BundleImportError);
    await expect(attempt).rejects.toThrow('The bundle could not be imported, and nothing was changed: a record version in it has an id this browser already holds for something else.');
    expect(await db.sites.get('site-new')).toBeUndefined();
    expect(await readWorkspaceBundle(db, WORKSPACE, EXPORTED)).toStrictEqual(before);
  });

  it('refuses a bundle whose records do not verify, before writing anything', async () => {
    bundle = { ...bundle, records: bundle.records.map((record, index) => (index === 0 ? { ...record, author: 'Someone else' } : record)) };
    plan = await planBundleImport(other, bundle);
    await expect(applyBundleImport(other, bundle, plan, {})).rejects.toThrow(/its record history does not verify \(Version 1 was changed after it was saved/);
    expect(await other.workspaces.count()).toBe(0);
  });
});
