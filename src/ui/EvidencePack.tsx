import { useEffect, useRef, useState } from 'react';
import * as Plot from '@observablehq/plot';
import type { SiteFigures } from '../analysis/site-figures.ts';
import { freezeSiteFigures } from '../analysis/frozen-figures.ts';
import { RECORD_KIND_LABELS, type RecordVersion } from '../domain/procedure-record.ts';
import { STATUS_LABELS, type Site } from '../domain/site.ts';
import { wgs84ToBng } from '../geo/british-national-grid.ts';
import { formatOsGridReference } from '../geo/os-grid-reference.ts';
import { coverageBounds, mapSnapshot } from '../map/map-snapshot.ts';
import type { MapState } from '../map/map-style.ts';
import { recordSummary } from '../procedure/record-summary.ts';
import { FrozenFiguresTable } from './records/fields.tsx';
import { PlotChart } from './PlotChart.tsx';

/** One site's part of a pack: its figures now and the records the pack covers, each with every version. */
export interface PackSite {
  site: Site;
  figures: SiteFigures | null;
  records: { versions: RecordVersion[]; problems: string[] }[];
}

interface Props {
  title: string;
  subtitle: string;
  sites: PackSite[];
  /** The verify history result over the whole workspace, as the pack states it. */
  verification: { checkedVersions: number; problems: number } | null;
  /** The workspace map's state, for the snapshot of each site and its coverage. */
  mapState: MapState;
  generatedAt: string;
  onClose: () => void;
}

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

function CrimeCharts({ figures }: { figures: SiteFigures }) {
  const coverage = figures.coverage;
  const [charts] = useState(() =>
    coverage && coverage.crimes > 0
      ? {
          byType: {
            width: 640,
            height: 40 + 22 * coverage.byType.length,
            marginLeft: 220,
            x: { label: 'Crimes in coverage', grid: true },
            y: { label: null },
            marks: [Plot.barX(coverage.byType, { x: 'crimes', y: 'type', sort: { y: '-x' }, fill: '#1d4f91' }), Plot.ruleX([0])],
          } satisfies Plot.PlotOptions,
          byMonth: {
            width: 640,
            height: 200,
            x: { label: 'Month', type: 'band' as const },
            y: { label: 'Crimes', grid: true },
            marks: [Plot.barY(coverage.byMonth, { x: 'month', y: 'crimes', fill: '#8a3700' }), Plot.ruleY([0])],
          } satisfies Plot.PlotOptions,
        }
      : null,
  );
  if (!coverage) return <p>No crime layer in the workspace: no crime figures.</p>;
  if (!charts) return <p>No crime recorded inside the coverage in {coverage.layerName}.</p>;
  return (
    <div className="evidence-charts">
      <figure>
        <figcaption>Crime in coverage by type ({coverage.layerName})</figcaption>
        <PlotChart options={charts.byType} label={`Crime in coverage by type: ${coverage.byType.map((row) => `${row.type} ${row.crimes}`).join(', ')}`} />
      </figure>
      <figure>
        <figcaption>Crime in coverage by month</figcaption>
        <PlotChart options={charts.byMonth} label={`Crime in coverage by month: ${coverage.byMonth.map((row) => `${row.month} ${row.crimes}`).join(', ')}`} />
      </figure>
    </div>
  );
}

function RecordSection({ versions, problems }: { versions: RecordVersion[]; problems: string[] }) {
  const latest = versions.at(-1)!;
  return (
    <section className="evidence-record">
      <h4>
        {RECORD_KIND_LABELS[latest.kind]}
        {latest.kind === 'annual-review' && ` of ${latest.content.reviewedOn}`}
        {latest.kind === 'strategic-assessment' && `: ${latest.content.area}`} · version {latest.version} of {versions.length}
      </h4>
      <table className="evidence-table">
        <tbody>
          {recordSummary(latest).map((row, index) => (
            <tr key={index}>
              <th scope="row">{row.label}</th>
              <td>{row.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="evidence-table evidence-history">
        <caption>History of this record</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Saved</th>
            <th scope="col">By</th>
            <th scope="col">Change</th>
            <th scope="col">SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((version) => (
            <tr key={version.versionId}>
              <td>{version.version}</td>
              <td>{when(version.savedAt)}</td>
              <td>{version.author}</td>
              <td>{version.note || (version.version === 1 ? 'First version' : '—')}</td>
              <td className="evidence-hash">{version.hash}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className={problems.length === 0 ? 'verify-ok' : 'verify-failed'}>
        {problems.length === 0 ? `History verified: ${versions.length} ${versions.length === 1 ? 'version' : 'versions'}, each matching its SHA-256 and chain.` : `History NOT verified: ${problems.join(' ')}`}
      </p>
    </section>
  );
}

function SiteSection({ entry, snapshot }: { entry: PackSite; snapshot: string | null | undefined }) {
  const { site, figures, records } = entry;
  const bng = wgs84ToBng(site);
  return (
    <section className="evidence-site" aria-label={`${site.reference} ${site.name}`}>
      <h2>
        {site.reference} {site.name}
      </h2>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          {site.kind === 'existing' ? 'Existing NRD' : 'Proposed NRD site'} · {STATUS_LABELS[site.status]}
        </dd>
        <dt>Road</dt>
        <dd>{site.road || '—'}</dd>
        <dt>Force area</dt>
        <dd>{site.forceArea || '—'}</dd>
        <dt>Position</dt>
        <dd>
          {formatOsGridReference(bng.easting, bng.northing) ?? '—'} (BNG {Math.round(bng.easting)} E, {Math.round(bng.northing)} N)
        </dd>
        <dt>Coverage</dt>
        <dd>
          {site.bearingDegrees === null ? 'All round' : `Facing ${Math.round(site.bearingDegrees)}°, ${site.fieldOfViewDegrees}° wide`}, {site.rangeMetres} m range
        </dd>
      </dl>
      {snapshot ? (
        <img className="evidence-map" src={snapshot} alt={`Map of ${site.reference} and its coverage`} />
      ) : (
        <p className="evidence-map evidence-map--waiting">{snapshot === null ? 'The map could not be drawn.' : 'Drawing the map…'}</p>
      )}
      <h3>Coverage and privacy figures</h3>
      {figures ? <FrozenFiguresTable figures={freezeSiteFigures(`${site.reference} ${site.name}`, figures, new Date().toISOString())} /> : <p>The layers are still being read.</p>}
      {figures && <CrimeCharts figures={figures} />}
      <h3>Procedure records</h3>
      {records.length === 0 ? <p>No procedure records for this site.</p> : records.map((record) => <RecordSection key={record.versions[0]!.recordId} {...record} />)}
    </section>
  );
}

/**
 * A printable evidence pack: per site, a map of it and its coverage, its figures and charts, and its
 * procedure records with their history and verification. The browser's Print ("Save as PDF") prints
 * only the pack.
 */
export function EvidencePack({ title, subtitle, sites, verification, mapState, generatedAt, onClose }: Props) {
  const [snapshots, setSnapshots] = useState<Record<string, string | null>>({});
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    let current = true;
    void (async () => {
      // One at a time: each is a WebGL map of its own.
      for (const { site } of sites) {
        const image = await mapSnapshot({ ...mapState, sites: [site], selectedSiteId: site.id, sitesVisible: true }, coverageBounds(site), { width: 640, height: 360 }).catch(() => null);
        if (!current) return;
        setSnapshots((taken) => ({ ...taken, [site.id]: image }));
      }
    })();
    return () => {
      current = false;
    };
  }, [sites]);
  const ready = sites.every(({ site }) => site.id in snapshots);
  return (
    <div className="evidence-pack" role="region" aria-labelledby="evidence-pack-title">
      <div className="evidence-pack__tools no-print">
        <button type="button" className="primary" onClick={() => window.print()} disabled={!ready}>
          Print or save as PDF
        </button>
        <button type="button" onClick={onClose}>
          Close the evidence pack
        </button>
        <span role="status">{ready ? 'Ready to print.' : `Drawing maps: ${Object.keys(snapshots).length} of ${sites.length}…`}</span>
      </div>
      <header className="evidence-pack__header">
        <p className="evidence-marking">OFFICIAL-SENSITIVE</p>
        <h1 id="evidence-pack-title" ref={heading} tabIndex={-1}>
          {title}
        </h1>
        <p>{subtitle}</p>
        <p>
          Produced by NRD Planner on {when(generatedAt)}.{' '}
          {verification &&
            (verification.problems === 0
              ? `Verify history: all ${verification.checkedVersions} record versions in the workspace match their SHA-256 and chain.`
              : `Verify history found ${verification.problems} problems in the workspace's records: see each record below.`)}
        </p>
      </header>
      {sites.length === 0 ? <p>No sites in this pack.</p> : sites.map((entry) => <SiteSection key={entry.site.id} entry={entry} snapshot={snapshots[entry.site.id]} />)}
    </div>
  );
}
