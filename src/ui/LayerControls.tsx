import { useId } from 'react';
import type { Layer } from '../domain/layer.ts';
import { monthLabel } from '../domain/point-columns.ts';
import type { FilteredCounts, PointFilter } from '../analysis/point-filter.ts';
import type { LayerDisplay } from '../store/workspace-store.ts';

export interface PointLayerFacts {
  filter: PointFilter;
  counts: FilteredCounts;
  months: { first: number; last: number } | null;
}

interface Props {
  layer: Layer;
  facts: PointLayerFacts | undefined;
  onEdit: (display: LayerDisplay) => void;
  onFilterChange: (filter: PointFilter) => void;
}

const count = new Intl.NumberFormat('en-GB');

function monthsBetween(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** A layer's style (colour, size, opacity) and, for crime, its filters by crime type and month. */
export function LayerControls({ layer, facts, onEdit, onFilterChange }: Props) {
  const id = useId();
  const style = layer.style;
  const filter = facts?.filter;
  const isCrime = layer.kind === 'crime' && facts && facts.counts.byCategory.size > 0;
  return (
    <details className="layer-controls">
      <summary>Style{isCrime ? ' and filters' : ''}</summary>
      <div className="layer-controls__style">
        <label htmlFor={`${id}-colour`}>Colour</label>
        <input id={`${id}-colour`} type="color" value={style.colour} onChange={(e) => onEdit({ style: { ...style, colour: e.target.value } })} />
        <label htmlFor={`${id}-size`}>{layer.geometry === 'point' ? 'Point size' : 'Line width'}</label>
        <input id={`${id}-size`} type="range" min={1} max={12} step={1} value={style.size} onChange={(e) => onEdit({ style: { ...style, size: Number(e.target.value) } })} />
        <label htmlFor={`${id}-opacity`}>Opacity</label>
        <input id={`${id}-opacity`} type="range" min={0.1} max={1} step={0.05} value={style.opacity} onChange={(e) => onEdit({ style: { ...style, opacity: Number(e.target.value) } })} />
      </div>
      {isCrime && filter && (
        <>
          {facts.months && facts.months.last > facts.months.first && (
            <div className="layer-controls__months">
              <label htmlFor={`${id}-from`}>From</label>
              <select
                id={`${id}-from`}
                value={filter.fromMonth ?? facts.months.first}
                onChange={(e) => onFilterChange({ ...filter, fromMonth: Number(e.target.value) })}
              >
                {monthsBetween(facts.months.first, filter.toMonth ?? facts.months.last).map((m) => (
                  <option key={m} value={m}>
                    {monthLabel(m)}
                  </option>
                ))}
              </select>
              <label htmlFor={`${id}-to`}>to</label>
              <select id={`${id}-to`} value={filter.toMonth ?? facts.months.last} onChange={(e) => onFilterChange({ ...filter, toMonth: Number(e.target.value) })}>
                {monthsBetween(filter.fromMonth ?? facts.months.first, facts.months.last).map((m) => (
                  <option key={m} value={m}>
                    {monthLabel(m)}
                  </option>
                ))}
              </select>
            </div>
          )}
          <fieldset className="layer-controls__types">
            <legend>Crime types</legend>
            {[...facts.counts.byCategory].map(([name, n]) => (
              <label key={name} className="toggle">
                <input
                  type="checkbox"
                  checked={!filter.excludedCategories.includes(name)}
                  onChange={(e) =>
                    onFilterChange({
                      ...filter,
                      excludedCategories: e.target.checked ? filter.excludedCategories.filter((c) => c !== name) : [...filter.excludedCategories, name],
                    })
                  }
                />
                {name || '(no type)'} <span className="count">{count.format(n)}</span>
              </label>
            ))}
          </fieldset>
        </>
      )}
    </details>
  );
}
