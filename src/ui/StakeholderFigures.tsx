import { useEffect, useRef } from 'react';
import type { AreaFit } from '../analysis/infrastructure-fit.ts';
import type { Site } from '../domain/site.ts';
import { isOperationalNrd } from '../procedure/lifecycle.ts';
import type { ReviewDueRow } from '../procedure/review-due.ts';

interface Props {
  register: readonly Site[];
  areas: AreaFit[] | null;
  reviewsDue: ReviewDueRow[];
  onLeave: () => void;
}

const whole = new Intl.NumberFormat('en-GB');
const share = (part: number, of: number) => (of === 0 ? '—' : `${Number(((part / of) * 100).toPrecision(2))}%`);

/**
 * The stakeholder view's figures, large enough for a meeting room, over a map that fills the screen:
 * the NRDs in use and proposed, the crime they cover, the gaps, and the reviews due.
 */
export function StakeholderFigures({ register, areas, reviewsDue, onLeave }: Props) {
  const leave = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    leave.current?.focus();
    const onKeyDown = (event: KeyboardEvent) => event.key === 'Escape' && onLeave();
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onLeave]);
  const inUse = register.filter(isOperationalNrd).length;
  const proposed = register.filter((site) => site.kind === 'proposed' && site.status !== 'rejected').length;
  const all = areas?.at(-1) ?? null;
  const overdue = reviewsDue.filter((row) => row.bucket === 'overdue' || row.bucket === 'no-date').length;
  return (
    <section className="stakeholder-figures" aria-labelledby="stakeholder-heading">
      <h2 id="stakeholder-heading">Key figures</h2>
      <dl>
        <dt>NRDs in use</dt>
        <dd>{whole.format(inUse)}</dd>
        <dt>Proposed sites</dt>
        <dd>{whole.format(proposed)}</dd>
        {all && (
          <>
            <dt>Crime covered by NRDs in use</dt>
            <dd>
              {whole.format(all.coveredByExisting)} of {whole.format(all.crimes)} ({share(all.coveredByExisting, all.crimes)})
            </dd>
            <dt>With the proposed sites</dt>
            <dd>
              {whole.format(all.coveredByEither)} ({share(all.coveredByEither, all.crimes)})
            </dd>
            <dt>Hot spots no site covers</dt>
            <dd>
              {whole.format(all.hotSpots - all.hotSpotsCovered)} of {whole.format(all.hotSpots)}
            </dd>
          </>
        )}
        <dt>Annual reviews overdue</dt>
        <dd>{whole.format(overdue)}</dd>
      </dl>
      <button type="button" ref={leave} onClick={onLeave}>
        Leave the stakeholder view (Esc)
      </button>
    </section>
  );
}
