import type { Site } from '../domain/site.ts';
import { statusLabel } from './site-labels.ts';

interface Props {
  sites: Site[];
  selectedSiteId: string | null;
  onSelect: (siteId: string) => void;
}

export function SiteList({ sites, selectedSiteId, onSelect }: Props) {
  return (
    <section className="panel" aria-labelledby="sites-heading">
      <h2 id="sites-heading">NRD sites ({sites.length})</h2>
      {sites.length === 0 ? (
        <p className="hint">No sites in this workspace.</p>
      ) : (
        <ul className="site-list">
          {sites.map((site) => (
            <li key={site.id}>
              <button
                type="button"
                className={`site-list__item site-list__item--${site.status === 'decommissioned' ? 'decommissioned' : site.kind}`}
                aria-pressed={site.id === selectedSiteId}
                onClick={() => onSelect(site.id)}
              >
                <span className="site-list__reference">{site.reference}</span>
                <span className="site-list__name">{site.name}</span>
                <span className="site-list__status">
                  {site.kind === 'existing' ? 'Existing' : 'Proposed'} · {statusLabel(site.status)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
