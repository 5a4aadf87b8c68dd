import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';

/** A Plot chart as plain SVG: Plot's own <style> element is dropped, as the Content-Security-Policy refuses inline styles. */
export function PlotChart({ options, label }: { options: Plot.PlotOptions; label: string }) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = Plot.plot(options);
    chart.querySelector('style')?.remove();
    // The wrapper's label states the figures; Plot's own labels on SVG groups are not valid ARIA there.
    chart.setAttribute('aria-hidden', 'true');
    holder.current!.replaceChildren(chart);
    return () => chart.remove();
  }, [options]);
  return <div className="plot-chart" ref={holder} role="img" aria-label={label} />;
}

