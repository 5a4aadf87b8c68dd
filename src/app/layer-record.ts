import type { Layer, LayerKind, LayerStyle } from '../domain/layer.ts';
import type { ImportedLayer } from '../io/run-import.ts';

export const DEFAULT_LAYER_STYLES: Record<LayerKind, LayerStyle> = {
  crime: { colour: '#d62728', opacity: 0.8, size: 3 },
  cni: { colour: '#1b7f5f', opacity: 0.9, size: 6 },
  sensitive: { colour: '#c2185b', opacity: 0.9, size: 5 },
  population: { colour: '#6a51a3', opacity: 0.5, size: 1 },
  traffic: { colour: '#1f5f99', opacity: 0.9, size: 5 },
  boundary: { colour: '#222222', opacity: 1, size: 2 },
  other: { colour: '#555555', opacity: 0.9, size: 4 },
};

/** The stored description of a layer just read from files. */
export function layerRecord(imported: ImportedLayer, workspaceId: string, importedAt: string, style: LayerStyle = DEFAULT_LAYER_STYLES[imported.kind]): Layer {
  const read = imported.reports.reduce((n, r) => n + r.rowsRead, 0);
  const kept = imported.reports.reduce((n, r) => n + r.rowsImported, 0);
  return {
    id: crypto.randomUUID(),
    workspaceId,
    name: imported.layerName,
    kind: imported.kind,
    geometry: imported.geometry,
    sourceFiles: imported.sourceFiles,
    importedAt,
    rowCounts: { read, imported: imported.data.kind === 'points' ? imported.data.columns.count : kept, rejected: read - kept },
    sourceCrs: imported.sourceCrs,
    visible: true,
    style,
  };
}
