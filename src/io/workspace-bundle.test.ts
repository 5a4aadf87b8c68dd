import { describe, expect, it } from 'vitest';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { BUNDLE_FORMAT, BUNDLE_VERSION, readBundle, writeBundle, type WorkspaceBundle } from './workspace-bundle.ts';
import { FIXED_TIME, exampleLayer, exampleSite, exampleStrategicAssessment } from '../../test/fixtures/domain.ts';
import { crimeLayerAt } from '../../test/fixtures/crime-layer.ts';
import type { AttachmentRef, RecordVersion, UnsealedVersion } from '../domain/procedure-record.ts';
import { sealVersion, sha256Hex } from '../procedure/record-chain.ts';

const T2 = '2026-11-26T09:30:00.000Z';

async function sealedAssessment(attachment: AttachmentRef): Promise<RecordVersion[]> {
  const v1: UnsealedVersion = {
    versionId: 'version-1',
    recordId: 'assessment-1',
    workspaceId: 'workspace-1',
    siteId: null,
    version: 1,
    author: 'Analyst',
    savedAt: FIXED_TIME,
    note: '',
    previousHash: null,
    kind: 'strategic-assessment',
    content: exampleStrategicAssessment(attachment),
  };
  const first = await sealVersion(v1);
  const second = await sealVersion({ ...v1, versionId: 'version-2', version: 2, savedAt: T2, note: 'Retention added', previousHash: first.hash, content: { ...v1.content, retention: 'Six years.' } } as UnsealedVersion);
  return [first, second];
}

/** A small workspace with one of everything a bundle carries. */
async function exampleBundle(): Promise<WorkspaceBundle> {
  const crime = crimeLayerAt(
    [
      { e: 375000, n: 165000, type: 'Burglary', month: '2023-01', lsoa: 'E01014370', force: 'Avon and Somerset' },
      { e: 375050, n: 165020, type: 'Robbery', month: '2023-02', lsoa: 'E01014371', force: 'Avon and Somerset' },
      { e: 375100, n: 164980, type: 'Burglary', month: '2023-03', lsoa: 'E01014370', force: 'Avon and Somerset' },
    ],
    { lsoa: true, force: true },
  );
  const columns = {
    ...crime.columns,
    attributes: {
      ...crime.columns.attributes,
      // Codes 32 bits wide, as a layer with more than 65,536 distinct values has them, and names a path could clash on.
      outcome: { kind: 'dictionary' as const, codes: Uint32Array.of(0, 1, 0), dictionary: ['Under investigation', 'No further action'] },
      index: { kind: 'number' as const, values: Float64Array.of(1.5, -0, Number.NaN) },
      'a/b c': { kind: 'number' as const, values: Float64Array.of(1, 2, 3) },
    },
  };
  const data = new TextEncoder().encode('Force strategic assessment 2026');
  const attachment = { id: 'file-1', name: 'assessment.pdf', type: 'application/pdf', size: data.byteLength, sha256: await sha256Hex(data) };
  return {
    workspace: { id: 'workspace-1', name: 'Bath and North East Somerset', forceArea: 'Avon and Somerset', description: '', isSample: false, createdAt: FIXED_TIME },
    sites: [exampleSite(), exampleSite({ id: 'site-2', reference: 'S2', name: 'Second', kind: 'proposed' })],
    layers: [
      { layer: exampleLayer(), data: { kind: 'points', columns, index: crime.grid.index.data as ArrayBuffer } },
      {
        layer: exampleLayer({ id: 'layer-2', name: 'Boundary', kind: 'boundary', geometry: 'polygon' }),
        data: {
          kind: 'features',
          features: {
            type: 'FeatureCollection',
            features: [
              {
                type: 'Feature',
                properties: { name: 'Bath' },
                geometry: { type: 'Polygon', coordinates: [[[-2.4, 51.3], [-2.3, 51.3], [-2.3, 51.4], [-2.4, 51.3]]] },
              },
            ],
          },
        },
      },
    ],
    records: await sealedAssessment(attachment),
    attachments: [{ ...attachment, workspaceId: 'workspace-1', data: data.slice().buffer }],
    exportedAt: T2,
  };
}

type Entries = Record<string, Uint8Array>;

/** The bundle's entries changed by `change`, zipped again; with `rehash` the manifest is made to agree. */
async function altered(bytes: Uint8Array, change: (entries: Entries) => void, options: { rehash?: boolean } = {}): Promise<Uint8Array> {
  const entries = unzipSync(bytes);
  change(entries);
  if (options.rehash) {
    const manifest = JSON.parse(new TextDecoder().decode(entries['manifest.json']));
    for (const entry of manifest.entries) {
      const data = entries[entry.path]!;
      entry.bytes = data.byteLength;
      entry.sha256 = await sha256Hex(data);
    }
    entries['manifest.json'] = strToU8(JSON.stringify(manifest));
  }
  return zipSync(entries);
}

const json = (entries: Entries, path: string) => JSON.parse(new TextDecoder().decode(entries[path]));

async function messageOf(bytes: Uint8Array): Promise<string> {
  const result = await readBundle(bytes);
  if (result.ok) throw new Error('the bundle was read');
  return result.message;
}

describe('workspace bundle', () => {
  it('reads back exactly what was written: JSON, typed arrays of the same types, the index, records and files', async () => {
    const bundle = await exampleBundle();
    const bytes = await writeBundle(bundle);
    const result = await readBundle(bytes);
    if (!result.ok) throw new Error(result.message);
    expect(result.bundle).toStrictEqual(bundle);

    const [points, shapes] = result.bundle.layers;
    if (points?.data.kind !== 'points' || bundle.layers[0]?.data.kind !== 'points') throw new Error('no point layer');
    const { columns } = points.data;
    expect(columns.lon).toBeInstanceOf(Float64Array);
    expect(columns.lat).toBeInstanceOf(Float64Array);
    expect(columns.attributes.crimeType).toMatchObject({ kind: 'dictionary', codes: expect.any(Uint16Array), dictionary: ['Burglary', 'Robbery'] });
    expect(columns.attributes.month).toMatchObject({ kind: 'month', values: expect.any(Uint16Array) });
    expect(columns.attributes.outcome).toMatchObject({ codes: expect.any(Uint32Array) });
    expect(Array.from(columns.lon)).toEqual(Array.from(bundle.layers[0].data.columns.lon));
    expect(Object.is((columns.attributes.index as { values: Float64Array }).values[1], -0)).toBe(true);
    // toStrictEqual compares buffers too; said again plainly, as an index that differs gives other figures.
    expect(new Uint8Array(points.data.index!)).toEqual(new Uint8Array(bundle.layers[0].data.index!));
    expect(shapes?.data).toEqual(bundle.layers[1]?.data);
    expect(result.bundle.records.map((record) => record.hash)).toEqual(bundle.records.map((record) => record.hash));
    expect(new TextDecoder().decode(result.bundle.attachments[0]!.data)).toBe('Force strategic assessment 2026');
  });

  it('lists every entry in its manifest with its SHA-256, columns as little-endian bytes', async () => {
    const bytes = await writeBundle(await exampleBundle());
    const entries = unzipSync(bytes);
    const manifest = json(entries, 'manifest.json');
    expect(manifest).toMatchObject({
      format: BUNDLE_FORMAT,
      version: BUNDLE_VERSION,
      exportedAt: T2,
      workspace: { id: 'workspace-1', name: 'Bath and North East Somerset', forceArea: 'Avon and Somerset' },
      counts: { sites: 2, layers: 2, records: 2, attachments: 1 },
    });
    expect(Object.keys(entries).sort()).toEqual(['manifest.json', ...manifest.entries.map((entry: { path: string }) => entry.path)].sort());
    for (const entry of manifest.entries) expect(entry.sha256).toBe(await sha256Hex(entries[entry.path]!));
    expect(manifest.entries.map((entry: { path: string }) => entry.path)).toEqual(
      expect.arrayContaining(['layers/layer-1/lon.bin', 'layers/layer-1/index.bin', 'layers/layer-1/index-2.bin', 'layers/layer-1/a%2Fb%20c.bin', 'layers/layer-2/features.geojson', 'attachments/file-1']),
    );
    const outcome = entries['layers/layer-1/outcome.bin']!;
    expect(Array.from(outcome)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(json(entries, 'layers.json')[0].data.columns).toContainEqual({ name: 'outcome', kind: 'dictionary', codes: 'uint32', dictionary: ['Under investigation', 'No further action'], path: 'layers/layer-1/outcome.bin' });
  });

  it('refuses a file cut short', async () => {
    const bytes = await writeBundle(await exampleBundle());
    const message = 'The file ends early: it is not a whole NRD Planner bundle (it may have been cut short when it was copied). Copy the bundle again from where it was exported.';
    expect(await messageOf(bytes.slice(0, bytes.length - 1))).toBe(message);
    expect(await messageOf(bytes.slice(0, Math.floor(bytes.length / 2)))).toBe(message);
    expect(await messageOf(bytes.slice(0, 10))).toBe(message);
  });

  it('refuses a file that is not a zip, and a zip that is not a bundle', async () => {
    expect(await messageOf(new Uint8Array())).toBe('The file is empty: it is not an NRD Planner bundle.');
    expect(await messageOf(strToU8('Crime ID,Month\n'))).toMatch(/^This file is not an NRD Planner bundle: it is not a zip file/);
    expect(await messageOf(zipSync({ 'crime.shp': new Uint8Array(8) }))).toMatch(/^This zip file is not an NRD Planner bundle: it has no manifest\.json/);
    expect(await messageOf(zipSync({ 'manifest.json': strToU8('{"format":"something-else","version":1}') }))).toBe(
      'This zip file is not an NRD Planner workspace bundle: its manifest says it is “something-else”.',
    );
  });

  it('refuses a bundle from a newer version of NRD Planner', async () => {
    const bytes = await altered(await writeBundle(await exampleBundle()), (entries) => {
      entries['manifest.json'] = strToU8(JSON.stringify({ ...json(entries, 'manifest.json'), version: 2, entries: 'read differently' }));
    });
    expect(await messageOf(bytes)).toBe(
      'This bundle was made by a newer version of NRD Planner (bundle version 2); this version reads version 1 and older. Open it with the newer version.',
    );
  });

  it('refuses an entry changed after the bundle was made', async () => {
    const bytes = await writeBundle(await exampleBundle());
    const flipped = (path: string) =>
      altered(bytes, (entries) => {
        const data = entries[path]!.slice();
        data[Math.floor(data.length / 2)]! ^= 0x01;
        entries[path] = data;
      });
    expect(await messageOf(await flipped('sites.json'))).toBe(
      'sites.json has been changed since the bundle was made: its SHA-256 does not match the manifest. Export the bundle again from the browser it came from.',
    );
    expect(await messageOf(await flipped('layers/layer-1/lat.bin'))).toMatch(/^layers\/layer-1\/lat\.bin has been changed since the bundle was made: its SHA-256/);
    expect(await messageOf(await flipped('attachments/file-1'))).toMatch(/^attachments\/file-1 has been changed/);
  });

  it('refuses a bundle with an entry missing, or one its manifest does not list', async () => {
    const bytes = await writeBundle(await exampleBundle());
    expect(await messageOf(await altered(bytes, (entries) => delete entries['records.json']))).toBe(
      'The bundle has no records.json, which its manifest lists: it is not a whole NRD Planner bundle. Export the bundle again from the browser it came from.',
    );
    expect(await messageOf(await altered(bytes, (entries) => (entries['extra.json'] = strToU8('{}'))))).toMatch(/^extra\.json is in the bundle but not in its manifest/);
  });

  it('refuses JSON that fails its schema, naming the entry, the item and the field', async () => {
    const bytes = await writeBundle(await exampleBundle());
    const badSite = await altered(bytes, (entries) => (entries['sites.json'] = strToU8(JSON.stringify([{ ...exampleSite(), lat: 95 }, exampleSite({ id: 'site-2', reference: 'S2' })]))), { rehash: true });
    expect(await messageOf(badSite)).toMatch(/^sites\.json: site 1 \(S1\) is not valid: the field lat is not valid \(.+\)\. Export the bundle again/);
    const badLayer = await altered(bytes, (entries) => {
      const layers = json(entries, 'layers.json');
      layers[1].layer.kind = 'hospital';
      entries['layers.json'] = strToU8(JSON.stringify(layers));
    }, { rehash: true });
    expect(await messageOf(badLayer)).toMatch(/^layers\.json: layer 2 \(“Boundary”\) is not valid: the field layer\.kind is not valid/);
    const badWorkspace = await altered(bytes, (entries) => (entries['workspace.json'] = strToU8(JSON.stringify({ ...json(entries, 'workspace.json'), name: '' }))), { rehash: true });
    expect(await messageOf(badWorkspace)).toMatch(/^workspace\.json is not valid: the field name is not valid/);
    const badRecord = await altered(bytes, (entries) => {
      const records = json(entries, 'records.json');
      records[1].content.nextReviewOn = 'next year';
      entries['records.json'] = strToU8(JSON.stringify(records));
    }, { rehash: true });
    expect(await messageOf(badRecord)).toMatch(/^records\.json: version 2 of the record assessment-1 is not valid: the field content\.nextReviewOn is not valid/);
  });

  it('refuses a column whose bytes do not match the layer’s count', async () => {
    const bytes = await altered(await writeBundle(await exampleBundle()), (entries) => (entries['layers/layer-1/lat.bin'] = entries['layers/layer-1/lat.bin']!.slice(0, 16)), { rehash: true });
    expect(await messageOf(bytes)).toBe(
      'layers/layer-1/lat.bin holds 16 bytes, but the layer “Crime” has 3 points: 24 bytes were expected (8 a point). Export the bundle again from the browser it came from.',
    );
  });

  it('refuses a dictionary code with no value', async () => {
    const bytes = await altered(await writeBundle(await exampleBundle()), (entries) => (entries['layers/layer-1/crimeType.bin'] = new Uint8Array(Uint16Array.of(0, 7, 0).buffer)), { rehash: true });
    expect(await messageOf(bytes)).toMatch(/the column “crimeType” of the layer “Crime” has a code \(7\) with no value in its dictionary/);
  });

  it('refuses a record changed and the manifest made to agree: the record chain catches it', async () => {
    const bytes = await altered(await writeBundle(await exampleBundle()), (entries) => {
      const records = json(entries, 'records.json');
      records[0].content.threats['local-crime'] = 'Added later';
      entries['records.json'] = strToU8(JSON.stringify(records));
    }, { rehash: true });
    expect(await messageOf(bytes)).toBe(
      'The record history in the bundle does not verify: Strategic assessment (record assessment-1): Version 1 was changed after it was saved: its content no longer matches its SHA-256. ' +
        'The bundle cannot be imported as it is; export it again from the browser it came from, after checking that browser’s history with Verify history.',
    );
  });

  it('refuses a record whose cited file is missing or different', async () => {
    const bytes = await writeBundle(await exampleBundle());
    const otherFile = strToU8('Another document');
    const swapped = await altered(bytes, (entries) => {
      entries['attachments/file-1'] = otherFile;
      entries['attachments.json'] = strToU8(JSON.stringify([{ ...json(entries, 'attachments.json')[0], size: otherFile.byteLength, sha256: '0'.repeat(64) }]));
    }, { rehash: true });
    expect(await messageOf(swapped)).toMatch(/^attachments\/file-1 \(the file “assessment\.pdf”\) does not match the size and SHA-256/);
    const otherSha = await sha256Hex(otherFile);
    const resealedFile = await altered(bytes, (entries) => {
      entries['attachments/file-1'] = otherFile;
      entries['attachments.json'] = strToU8(JSON.stringify([{ ...json(entries, 'attachments.json')[0], size: otherFile.byteLength, sha256: otherSha }]));
    }, { rehash: true });
    expect(await messageOf(resealedFile)).toMatch(/^The record history in the bundle does not verify: .*The file “assessment\.pdf” attached in version 1 was changed after it was saved/);
  });
});
