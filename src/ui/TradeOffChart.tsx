import * as Plot from '@observablehq/plot';
import { useMemo } from 'react';
import type { TradeOffPoint } from '../analysis/placement-optimiser.ts';
import { SUGGESTION_COLOUR } from '../map/placement-style.ts';
import { PlotChart } from './PlotChart.tsx';

interface Props {
  points: TradeOffPoint[];
  /** The lambda of the suggestions shown, marked on the curve. */
  lambda: number;
}

/** Need covered against privacy cost, one point per lambda: the greedy's answer as privacy weighs more. */
export default function TradeOffChart({ points, lambda }: Props) {
  const options = useMemo(() => {
    const current = points.filter((p) => Math.abs(p.lambda - lambda) < 1e-9);
    // Every fifth lambda is labelled, unless it would sit on a label already placed (high lambdas bunch at the origin).
    const spanX = Math.max(1e-9, ...points.map((p) => p.privacy));
    const spanY = Math.max(1e-9, ...points.map((p) => p.covered));
    const labelled: TradeOffPoint[] = [];
    for (const p of points.filter((_, i) => i % 5 === 0)) {
      if (!labelled.some((q) => Math.abs(q.privacy - p.privacy) < 0.08 * spanX && Math.abs(q.covered - p.covered) < 0.08 * spanY)) labelled.push(p);
    }
    return {
      width: 400,
      height: 220,
      marginLeft: 48,
      marginRight: 40,
      style: { fontSize: '11px' },
      x: { label: 'Privacy cost →', zero: true, grid: true },
      y: { label: '↑ Weighted need covered', zero: true, grid: true },
      marks: [
        Plot.line(points, { x: 'privacy', y: 'covered', stroke: '#555' }),
        Plot.dot(points, { x: 'privacy', y: 'covered', r: 2.5, fill: '#555' }),
        Plot.dot(current, { x: 'privacy', y: 'covered', r: 6, stroke: SUGGESTION_COLOUR, strokeWidth: 2.5 }),
        Plot.text(labelled, { x: 'privacy', y: 'covered', text: (p: TradeOffPoint) => `λ ${p.lambda}`, dx: 6, dy: -8, textAnchor: 'start' }),
      ],
    } satisfies Plot.PlotOptions;
  }, [points, lambda]);
  const first = points[0];
  const last = points.at(-1);
  const label =
    first && last
      ? `Trade-off chart: at lambda ${first.lambda} the sites cover ${first.covered.toFixed(1)} weighted need at privacy cost ${first.privacy.toFixed(2)}; at lambda ${last.lambda}, ${last.covered.toFixed(1)} at ${last.privacy.toFixed(2)}.`
      : 'Trade-off chart: no points.';
  return <PlotChart options={options} label={label} />;
}
