import type { Layer } from '../domain/layer.ts';
import type { PointFilter } from '../analysis/point-filter.ts';
import type { LayerDisplay } from '../store/workspace-store.ts';
import { LayerControls, type PointLayerFacts } from './LayerControls.tsx';
import { BASEMAP_LAYERS, POPULATION_DENSITY_STEPS, SITE_COLOURS, type BasemapLayerId } from '../map/map-style.ts';

interface Props {
  layers: Layer[];
  loadedLayerIds: Set<string>;
  basemapVisible: Record<BasemapLayerId, boolean>;
  sitesVisible: boolean;
  pointLayerFacts: Record<string, PointLayerFacts>;
  onEditLayer: (layerId: string, display: LayerDisplay) => void;
  onFilterChange: (layerId: string, filter: PointFilter) => void;
  onToggleBasemap: (id: BasemapLayerId, visible: boolean) => void;
  onToggleSites: (visible: boolean) => void;
}

const count = new Intl.NumberFormat('en-GB');

function Swatch({ colour, shape = 'square', dashed = false }: { colour: string; shape?: 'square' | 'circle' | 'line'; dashed?: boolean }) {
  return <span className={`swatch swatch--${shape}${dashed ? ' swatch--dashed' : ''}`} style={{ ['--swatch' as string]: colour }} aria-hidden="true" />;
}

function PopulationLegend() {
  return (
    <ul className="legend" aria-label="Residents per square kilometre">
      {POPULATION_DENSITY_STEPS.map((step, i) => {
        const next = POPULATION_DENSITY_STEPS[i + 1];
        return (
          <li key={step.from}>
            <Swatch colour={step.colour} />
            {next ? `${count.format(step.from)}–${count.format(next.from)}` : `${count.format(step.from)} or more`} per km²
          </li>
        );
      })}
    </ul>
  );
}

export function LayerPanel(props: Props) {
  const { layers, loadedLayerIds, pointLayerFacts, basemapVisible, sitesVisible, onEditLayer, onFilterChange, onToggleBasemap, onToggleSites } = props;
  return (
    <section className="panel" aria-labelledby="layers-heading">
      <h2 id="layers-heading">Layers</h2>
      <fieldset>
        <legend>NRD sites</legend>
        <label className="toggle">
          <input type="checkbox" checked={sitesVisible} onChange={(e) => onToggleSites(e.target.checked)} />
          Sites and their coverage
        </label>
        <ul className="legend">
          <li>
            <Swatch colour={SITE_COLOURS.existing} /> Existing NRD
          </li>
          <li>
            <Swatch colour={SITE_COLOURS.proposed} dashed /> Proposed site
          </li>
          <li>
            <Swatch colour={SITE_COLOURS.decommissioned} /> Decommissioned
          </li>
        </ul>
      </fieldset>
      <fieldset>
        <legend>Data layers</legend>
        {layers.length === 0 && <p className="hint">No layers in this workspace.</p>}
        {layers.map((layer) => (
          <div key={layer.id} className="layer-row">
            <label className="toggle">
              <input type="checkbox" checked={layer.visible} onChange={(e) => onEditLayer(layer.id, { visible: e.target.checked })} />
              <Swatch colour={layer.style.colour} shape={layer.geometry === 'point' ? 'circle' : layer.kind === 'boundary' ? 'line' : 'square'} />
              {layer.name}
            </label>
            <p className="layer-row__meta">
              {layer.kind} ·{' '}
              {pointLayerFacts[layer.id] && pointLayerFacts[layer.id]!.counts.total !== layer.rowCounts.imported
                ? `${count.format(pointLayerFacts[layer.id]!.counts.total)} of `
                : ''}
              {count.format(layer.rowCounts.imported)} {layer.geometry === 'point' ? 'points' : 'features'}
              {layer.rowCounts.rejected > 0 && ` · ${count.format(layer.rowCounts.rejected)} rows not mapped`}
              {!loadedLayerIds.has(layer.id) && ' · loading…'}
            </p>
            {layer.kind === 'population' && layer.visible && <PopulationLegend />}
            <LayerControls
              layer={layer}
              facts={pointLayerFacts[layer.id]}
              onEdit={(display) => onEditLayer(layer.id, display)}
              onFilterChange={(filter) => onFilterChange(layer.id, filter)}
            />
          </div>
        ))}
      </fieldset>
      <fieldset>
        <legend>Basemap</legend>
        {BASEMAP_LAYERS.map((layer) => (
          <label key={layer.id} className="toggle">
            <input type="checkbox" checked={basemapVisible[layer.id]} onChange={(e) => onToggleBasemap(layer.id, e.target.checked)} />
            {layer.label}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
