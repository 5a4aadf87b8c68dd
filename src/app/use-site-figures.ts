import { useEffect, useMemo, useState } from 'react';
import type { Layer } from '../domain/layer.ts';
import type { LayerData } from '../domain/layer-data.ts';
import type { Site } from '../domain/site.ts';
import type { PointFilter } from '../analysis/point-filter.ts';
import { prepareAnalysisInputs, siteFigures, type SiteFigures } from '../analysis/site-figures.ts';
import type { AreaFit } from '../analysis/infrastructure-fit.ts';
import { analysisWorker } from '../workers/analysis-worker-client.ts';

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
  // The register as a whole is counted in a worker, from the stored sites: a drag changes one site's
  // figures only. The worker prepares the layers when they change, then counts each register change.
  const [registerAreas, setRegisterAreas] = useState<AreaFit[] | null>(null);
  const [workerReady, setWorkerReady] = useState<object | null>(null);
  useEffect(() => {
    if (!inputs) return;
    let current = true;
    const marker = {};
    void analysisWorker()
      .prepare(analysed.map((layer) => ({ layer: { id: layer.id, name: layer.name, kind: layer.kind, geometry: layer.geometry }, data: data[layer.id]! })), filters)
      .then(() => current && setWorkerReady(marker));
    return () => {
      current = false;
    };
  }, [inputs]);
  useEffect(() => {
    if (!workerReady) return;
    let current = true;
    void analysisWorker()
      .registerFigures([...storedRegister])
      .then((areas) => current && setRegisterAreas(areas));
    return () => {
      current = false;
    };
  }, [workerReady, storedRegister]);
  return {
    figures,
    /** Any site's figures, for an evidence pack; null while the layers are read. */
    figuresOf: (other: Site): SiteFigures | null => (inputs ? siteFigures(other, storedRegister, inputs, { sensitiveWithinMetres }) : null),
    registerAreas,
    waiting: missing > 0 ? `Reading ${missing} ${missing === 1 ? 'layer' : 'layers'} for the figures…` : null,
    sensitiveWithinMetres,
    setSensitiveWithinMetres,
  };
}
