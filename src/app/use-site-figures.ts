import { useMemo, useState } from 'react';
import type { Layer } from '../domain/layer.ts';
import type { LayerData } from '../domain/layer-data.ts';
import type { Site } from '../domain/site.ts';
import type { PointFilter } from '../analysis/point-filter.ts';
import { prepareAnalysisInputs, registerFigures, siteFigures, type SiteFigures } from '../analysis/site-figures.ts';

/**
 * The selected site's figures, worked out again whenever it moves (the drag preview included), the
 * register changes or a crime filter changes. The layers are prepared (projected, indexed) once each.
 */
export function useSiteFigures(
  layers: Layer[],
  data: Record<string, LayerData>,
  filters: Record<string, PointFilter>,
  site: Site | null,
  register: readonly Site[],
  storedRegister: readonly Site[],
) {
  const [sensitiveWithinMetres, setSensitiveWithinMetres] = useState(250);
  const analysed = layers.filter((layer) => layer.kind !== 'boundary' && layer.kind !== 'other');
  const missing = analysed.filter((layer) => !data[layer.id]).length;
  // Display edits (colour, visibility) give new layer objects; only what a layer is matters here.
  const layerKey = analysed.map((layer) => `${layer.id}:${layer.kind}:${layer.geometry}:${layer.name}`).join('|');
  const inputs = useMemo(
    () => (missing > 0 ? null : prepareAnalysisInputs(analysed.map((layer) => ({ layer, data: data[layer.id]! })), filters)),
    [layerKey, missing, data, filters],
  );
  const figures: SiteFigures | null = useMemo(
    () => (site && inputs ? siteFigures(site, register, inputs, { sensitiveWithinMetres }) : null),
    [site, register, inputs, sensitiveWithinMetres],
  );
  // The register as a whole is counted from the stored sites: a drag changes one site's figures only.
  const registerAreas = useMemo(() => (inputs ? registerFigures(storedRegister, inputs) : null), [storedRegister, inputs]);
  return {
    figures,
    registerAreas,
    waiting: missing > 0 ? `Reading ${missing} ${missing === 1 ? 'layer' : 'layers'} for the figures…` : null,
    sensitiveWithinMetres,
    setSensitiveWithinMetres,
  };
}
