import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { MultiPolygon, Polygon } from 'geojson';
import { THREAT_CATEGORY_TEXT } from '../procedure/procedure-text.ts';
import { BASEMAP_ROADS_ID, type PlacementPlanner, type PlannerSettings, type Suggestion } from '../app/use-placement-planner.ts';
import type { PlanStage } from '../analysis/placement-plan.ts';
import { EXACT_LIMITS } from '../analysis/placement-optimiser.ts';

// Observable Plot is loaded only once there is a trade-off to draw.
const TradeOffChart = lazy(() => import('./TradeOffChart.tsx'));

const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const tenth = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const hundredth = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

const STAGE_TEXT: Record<PlanStage, string> = {
  candidates: 'Finding the candidates in the area',
  coverage: "Counting each candidate's coverage",
  greedy: 'Choosing sites (greedy)',
  exact: 'Proving the optimum (HiGHS)',
  'trade-off': 'Tracing the trade-off over lambda',
};

/** A number field that keeps what is typed until it is a number in range, then reports it. */
function NumberField({ label, value, min, max, step, unit, onChange, hint }: { label: string; value: number; min: number; max: number; step: number; unit?: string; onChange: (value: number) => void; hint?: string }) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const number = Number(text);
  const valid = text.trim() !== '' && Number.isFinite(number) && number >= min && number <= max;
  return (
    <label className="placement-field">
      <span>
        {label}
        {unit && <span className="hint"> ({unit})</span>}
      </span>
      <input
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={step}
        value={text}
        aria-invalid={!valid}
        title={hint}
        onChange={(event) => {
          setText(event.target.value);
          const next = Number(event.target.value);
          if (event.target.value.trim() !== '' && Number.isFinite(next) && next >= min && next <= max) onChange(next);
        }}
      />
      {!valid && <span className="field__error" role="alert">{`${label} must be a number from ${min} to ${max}.`}</span>}
    </label>
  );
}

const sourceValue = (source: PlannerSettings['source']) => (source.kind === 'grid' ? 'grid' : `${source.kind}:${source.layerId}`);

interface Props {
  planner: PlacementPlanner;
  onShowCandidate: (lon: number, lat: number) => void;
  /** Opens a site added from the suggestions in the site panel. */
  onShowSite: (siteId: string) => void;
  /** Frames a boundary chosen from the list (picked and drawn areas are already in view). */
  onShowArea: (geometry: Polygon | MultiPolygon) => void;
  onClose: () => void;
}

/**
 * The placement optimiser: where to put the next k NRDs inside a planning area, for the most crime no
 * NRD in use covers, weighted by the strategic assessment's priorities, less lambda x privacy cost.
 */
export function PlacementPanel({ planner, onShowCandidate, onShowSite, onShowArea, onClose }: Props) {
  const { settings, changeSettings, run } = planner;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const running = run.step === 'running';
  const areaValue = planner.area ? (planner.area.boundaryId ?? 'other') : '';

  return (
    <section className="panel placement-panel" aria-labelledby="placement-heading">
      <div className="placement-panel__head">
        <h2 id="placement-heading" tabIndex={-1} ref={heading}>
          Plan new placements
        </h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="hint">
        Suggests where k new NRDs would cover the most crime that no NRD in use already covers, each crime weighted by its type's priority in the strategic assessment,
        less lambda times their privacy cost (residents and vehicles a day in their coverage).
      </p>

      <fieldset>
        <legend>Planning area</legend>
        <label className="placement-field">
          <span>Area</span>
          <select
            value={areaValue}
            onChange={(event) => {
              const boundary = planner.boundaries.find((b) => b.boundaryId === event.target.value);
              planner.chooseArea(boundary ?? null);
              if (boundary) onShowArea(boundary.geometry);
            }}
          >
            <option value="">Choose a boundary…</option>
            {planner.boundaries.map((boundary) => (
              <option key={boundary.boundaryId} value={boundary.boundaryId}>
                {boundary.label}
              </option>
            ))}
            {areaValue === 'other' && <option value="other">{planner.area!.label}</option>}
          </select>
        </label>
        <div className="button-row">
          <button type="button" aria-pressed={planner.mapMode === 'pick'} onClick={() => planner.setMapMode(planner.mapMode === 'pick' ? null : 'pick')}>
            Pick on the map
          </button>
          <button type="button" aria-pressed={planner.mapMode === 'draw'} onClick={() => planner.setMapMode(planner.mapMode === 'draw' ? null : 'draw')}>
            Draw on the map
          </button>
        </div>
        {planner.mapMode === 'pick' && <p className="hint" role="status">Click inside a boundary or LSOA on the map (the smallest shape under the click is taken). Esc stops.</p>}
        {planner.mapMode === 'draw' && (
          <div role="status">
            <p className="hint">
              Click the area's corners on the map: {planner.drawing.length} so far{planner.drawing.length < 3 ? `, at least 3 needed` : ''}. Esc stops.
            </p>
            <div className="button-row">
              <button type="button" onClick={planner.undoCorner} disabled={planner.drawing.length === 0}>
                Undo corner
              </button>
              <button type="button" onClick={planner.finishDrawing} disabled={planner.drawing.length < 3}>
                Finish area
              </button>
            </div>
          </div>
        )}
        {planner.notice && <p className="field__error" role="alert">{planner.notice}</p>}
        {planner.boundaries.length === 0 && !planner.area && <p className="hint">No boundary layer is loaded: pick an LSOA on the map, or draw the area.</p>}
      </fieldset>

      <fieldset>
        <legend>Candidate sites</legend>
        <label className="placement-field">
          <span>Candidates from</span>
          <select
            value={sourceValue(settings.source)}
            onChange={(event) => {
              const [kind, layerId] = event.target.value.split(/:(.*)/s) as [string, string | undefined];
              if (kind === 'grid') changeSettings({ source: { kind: 'grid', spacingMetres: 250 } });
              else if (kind === 'points' && layerId) changeSettings({ source: { kind: 'points', layerId } });
              else if (kind === 'lines' && layerId) changeSettings({ source: { kind: 'lines', layerId, everyMetres: 200 } });
            }}
          >
            <option value="grid">A regular grid</option>
            {planner.candidateLayers.points.map((layer) => (
              <option key={layer.id} value={`points:${layer.id}`}>
                Points of {layer.name}
              </option>
            ))}
            {planner.candidateLayers.lines.map((layer) => (
              <option key={layer.id} value={`lines:${layer.id}`}>
                {layer.id === BASEMAP_ROADS_ID ? `Along ${layer.name}` : `Along the lines of ${layer.name}`}
              </option>
            ))}
          </select>
        </label>
        {settings.source.kind === 'grid' && (
          <NumberField label="Grid spacing" unit="m" min={10} max={5000} step={10} value={settings.source.spacingMetres} onChange={(spacingMetres) => changeSettings({ source: { kind: 'grid', spacingMetres } })} />
        )}
        {settings.source.kind === 'lines' && (
          <NumberField
            label="A candidate every"
            unit="m along"
            min={10}
            max={5000}
            step={10}
            value={settings.source.everyMetres}
            onChange={(everyMetres) => settings.source.kind === 'lines' && changeSettings({ source: { ...settings.source, everyMetres } })}
          />
        )}
        <NumberField label="Planned range" unit="m, a circle until the camera is aimed" min={10} max={5000} step={10} value={settings.rangeMetres} onChange={(rangeMetres) => changeSettings({ rangeMetres })} />
      </fieldset>

      <fieldset>
        <legend>What to choose</legend>
        <NumberField label="Sites to choose (k)" min={1} max={500} step={1} value={settings.k} onChange={(k) => changeSettings({ k: Math.round(k) })} />
        <NumberField
          label="Privacy weight (lambda)"
          min={0}
          max={10}
          step={0.1}
          value={settings.lambda}
          onChange={(lambda) => changeSettings({ lambda })}
          hint="At 1 the most intrusive candidate costs as much as the best candidate covers; 0 ignores privacy."
        />
        <NumberField label="Minimum spacing" unit="m between chosen sites" min={0} max={20000} step={10} value={settings.minSpacingMetres} onChange={(minSpacingMetres) => changeSettings({ minSpacingMetres })} />
      </fieldset>

      <fieldset>
        <legend>Exclusion zones</legend>
        <NumberField label="Keep away from sensitive places by" unit="m; 0 for none" min={0} max={5000} step={10} value={settings.exclusionMetres} onChange={(exclusionMetres) => changeSettings({ exclusionMetres })} />
        <label className="checkbox">
          <input type="checkbox" checked={settings.excludeCni} onChange={(event) => changeSettings({ excludeCni: event.target.checked })} /> and from CNI sites too
        </label>
      </fieldset>

      <details className="placement-weights">
        <summary>Crime weights ({planner.weights.some((w) => w.edited) ? 'edited' : 'from the strategic assessment'})</summary>
        <p className="hint">{planner.weightsBasis}</p>
        {planner.weights.length === 0 ? (
          <p className="hint">The crime layer has no crime types: every crime weighs 1.</p>
        ) : (
          <table className="placement-weights__table">
            <thead>
              <tr>
                <th scope="col">Crime type</th>
                <th scope="col">Threat</th>
                <th scope="col">Weight</th>
              </tr>
            </thead>
            <tbody>
              {planner.weights.map((row) => (
                <tr key={row.crimeType}>
                  <th scope="row">{row.crimeType}</th>
                  <td>{THREAT_CATEGORY_TEXT[row.category].label}</td>
                  <td>
                    <input
                      type="number"
                      min={0}
                      max={100}
                      step={0.5}
                      value={row.weight}
                      aria-label={`Weight of ${row.crimeType}`}
                      onChange={(event) => {
                        const weight = Number(event.target.value);
                        if (event.target.value !== '' && weight >= 0 && weight <= 100) planner.setWeight(row.crimeType, weight);
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {planner.weights.some((w) => w.edited) && (
          <button type="button" onClick={planner.resetWeights}>
            Back to the assessment's weights
          </button>
        )}
      </details>

      <div className="button-row placement-run">
        <button type="button" className="primary" onClick={planner.start} disabled={!planner.area || running}>
          Suggest sites
        </button>
        {running && (
          <button type="button" onClick={planner.cancel}>
            Cancel
          </button>
        )}
      </div>
      {!planner.area && <p className="hint">Choose a planning area first.</p>}
      {running && (
        <div role="status" className="placement-progress">
          <span>
            {STAGE_TEXT[run.stage]}
            {run.of > 1 ? `: ${whole.format(run.done)} of ${whole.format(run.of)}` : '…'}
          </span>
          <progress max={run.of} value={run.of > 1 ? run.done : undefined} />
        </div>
      )}
      {run.step === 'cancelled' && <p role="status">Cancelled: nothing was suggested.</p>}
      {run.step === 'failed' && <p className="field__error" role="alert">{run.message}</p>}
      {run.step === 'done' && <PlacementResults planner={planner} onShowCandidate={onShowCandidate} onShowSite={onShowSite} />}
    </section>
  );
}

function PlacementResults({ planner, onShowCandidate, onShowSite }: Pick<Props, 'planner' | 'onShowCandidate' | 'onShowSite'>) {
  const run = planner.run;
  if (run.step !== 'done') return null;
  const { plan, request } = run;
  const excluded = plan.candidates.filter((c) => c.excludedBy).length;
  const heading = useRef<HTMLHeadingElement>(null);
  // The results are below the settings: a finished run brings them into view and reads them out.
  useEffect(() => {
    const at = heading.current;
    // The sidebar is scrolled, not the page (scrollIntoView would move the whole layout).
    const sidebar = at?.closest('.sidebar');
    if (!at || !sidebar) return;
    sidebar.scrollTop += at.getBoundingClientRect().top - sidebar.getBoundingClientRect().top;
    at.focus({ preventScroll: true });
  }, [plan]);
  const shown = planner.solution === 'exact' && plan.exact.kind === 'solved' ? plan.exact.placement : plan.greedy;
  const unmet = planner.suggestions.reduce((sum, s) => sum + s.candidate.unmetCrimes, 0);
  return (
    <div className="placement-results">
      <h3 tabIndex={-1} ref={heading}>
        Suggestions
      </h3>
      <p>
        {whole.format(plan.candidates.length)} candidates in {request.area.label}
        {excluded > 0 ? `, ${whole.format(excluded)} excluded near sensitive places` : ''}.{' '}
        {planner.suggestions.length === 0
          ? 'No candidate adds need worth its privacy cost: lower lambda, widen the area or lift the exclusions.'
          : `${planner.suggestions.length} ${planner.suggestions.length === 1 ? 'site covers' : 'sites cover'} ${tenth.format(shown.covered)} weighted need (up to ${whole.format(unmet)} crimes no NRD in use covers) at a privacy cost of ${hundredth.format(shown.privacy)}.`}
      </p>
      {plan.privacyLayers.missing.length > 0 && (
        <p className="hint">
          No {plan.privacyLayers.missing.join(' or ')} layer is loaded: the privacy cost counts {plan.privacyLayers.missing.length === 2 ? 'nothing, so lambda has no effect' : plan.privacyLayers.missing[0] === 'traffic' ? 'residents only' : 'vehicles only'}.
        </p>
      )}
      {plan.exact.kind === 'solved' ? (
        <div className="placement-exact">
          <p>
            Exact optimum (HiGHS{plan.exact.placement.status === 'Optimal' ? '' : `, stopped: ${plan.exact.placement.status}`}): objective {tenth.format(plan.exact.placement.objective)} against the greedy's{' '}
            {tenth.format(plan.greedy.objective)}: {plan.exact.gap === 0 ? 'the greedy found the optimum.' : `the greedy is ${hundredth.format(plan.exact.gap * 100)}% short of it.`}
          </p>
          {plan.exact.gap !== 0 && (
            <fieldset className="placement-solution">
              <legend>Show</legend>
              <label>
                <input type="radio" name="placement-solution" checked={planner.solution === 'greedy'} onChange={() => planner.setSolution('greedy')} /> the greedy's ranking
              </label>
              <label>
                <input type="radio" name="placement-solution" checked={planner.solution === 'exact'} onChange={() => planner.setSolution('exact')} /> the exact optimum
              </label>
            </fieldset>
          )}
        </div>
      ) : (
        <p className="hint">
          Not checked against the exact optimum: {plan.exact.reason} (the exact check takes up to {EXACT_LIMITS.candidates} candidates.)
        </p>
      )}
      {planner.suggestions.length > 0 && (
        <table className="placement-table">
          <caption className="visually-hidden">Suggested sites, best first</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Candidate</th>
              <th scope="col" title="Weighted crime it adds that no site above it, nor an NRD in use, covers">Adds</th>
              <th scope="col">Residents</th>
              <th scope="col">Vehicles a day</th>
              <th scope="col" title="Residents and vehicles as shares of the most among the candidates, averaged, scaled to the best candidate's need">Privacy cost</th>
              <th scope="col">
                <span className="visually-hidden">Register</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {planner.suggestions.map((suggestion) => (
              <SuggestionRow
                key={suggestion.candidate.id}
                suggestion={suggestion}
                residentsKnown={!plan.privacyLayers.missing.includes('population')}
                trafficKnown={!plan.privacyLayers.missing.includes('traffic')}
                addedAs={planner.added[suggestion.candidate.id]}
                onAdd={() => planner.add(suggestion)}
                onShow={onShowCandidate}
                onShowSite={onShowSite}
              />
            ))}
          </tbody>
        </table>
      )}
      <figure className="placement-trade-off">
        <figcaption>Need covered against privacy cost, lambda 0 to 2 (greedy)</figcaption>
        <Suspense fallback={<p className="hint">Drawing the chart…</p>}>
          <TradeOffChart points={plan.tradeOff} lambda={request.lambda} />
        </Suspense>
      </figure>
    </div>
  );
}

interface RowProps {
  suggestion: Suggestion;
  residentsKnown: boolean;
  trafficKnown: boolean;
  addedAs: { id: string; reference: string } | undefined;
  onAdd: () => void;
  onShow: (lon: number, lat: number) => void;
  onShowSite: (siteId: string) => void;
}

function SuggestionRow({ suggestion, residentsKnown, trafficKnown, addedAs, onAdd, onShow, onShowSite }: RowProps) {
  const { candidate } = suggestion;
  const [adding, setAdding] = useState(false);
  return (
    <tr>
      <td>{suggestion.rank}</td>
      <td>
        <button type="button" className="link-button" onClick={() => onShow(candidate.lon, candidate.lat)}>
          {candidate.label}
        </button>
      </td>
      <td>{tenth.format(suggestion.marginalGain)}</td>
      <td>{residentsKnown ? whole.format(candidate.residents) : '–'}</td>
      <td>{trafficKnown ? whole.format(candidate.vehiclesPerDay) : '–'}</td>
      <td>{hundredth.format(suggestion.privacyCost)}</td>
      <td>
        {addedAs ? (
          <>
            Added as{' '}
            <button type="button" className="link-button" onClick={() => onShowSite(addedAs.id)}>
              {addedAs.reference}
            </button>
          </>
        ) : (
          <button
            type="button"
            disabled={adding}
            aria-label={`Add suggestion ${suggestion.rank}, ${candidate.label}, to the register as proposed`}
            onClick={() => {
              setAdding(true);
              onAdd();
            }}
          >
            Add as proposed
          </button>
        )}
      </td>
    </tr>
  );
}
