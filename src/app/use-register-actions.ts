import { useRef, useState } from 'react';
import type { Site } from '../domain/site.ts';
import type { Workspace } from '../domain/workspace.ts';
import { bearingTowards } from '../geo/coverage-shape.ts';
import { bngToWgs84 } from '../geo/british-national-grid.ts';
import type { TypedPosition } from '../geo/typed-position.ts';
import { registerCsv, registerFileName, registerGeoJson, type FigureColumns } from '../io/register-export.ts';
import type { LonLat } from '../map/map-view.ts';
import { changeStatus, STATUS_ACTIONS, type StatusChangeRequest } from '../procedure/lifecycle.ts';
import { nextReference } from './register-query.ts';
import type { SiteEditing } from './use-site-editing.ts';

/** Positions from the map are kept to 6 decimal places of a degree: about 0.1 m. */
const roundDegrees = (value: number) => Math.round(value * 1e6) / 1e6;

/** Today as the user's calendar has it, for the dates of lifecycle changes. */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** A new proposed site where the user put it: aimed north with a 100 m, 30° sector until they aim it. */
export function proposedSite(workspace: Workspace, register: readonly Site[], position: LonLat, enteredAs: Site['enteredAs'], now: string, id: string): Site {
  return {
    id,
    workspaceId: workspace.id,
    reference: nextReference(register),
    name: '',
    kind: 'proposed',
    lon: position.lon,
    lat: position.lat,
    enteredAs,
    bearingDegrees: 0,
    rangeMetres: 100,
    fieldOfViewDegrees: 30,
    lanes: null,
    directionOfTravel: '',
    road: '',
    status: 'proposed',
    forceArea: workspace.forceArea,
    region: '',
    notes: '',
    illustrative: false,
    statusHistory: [],
    revision: 0,
    createdAt: now,
    updatedAt: now,
  };
}

/** Saves data as a file through the browser's download: nothing leaves the machine. */
export function download(name: string, type: string, data: BlobPart): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

interface Wiring {
  workspace: Workspace | undefined;
  /** The register as stored. */
  register: readonly Site[];
  editing: SiteEditing;
  /** Selects a site and opens its panel; `flyTo` also brings it into view. */
  showSite: (siteId: string, flyTo: boolean) => void;
  deselect: () => void;
  setUserName: (name: string) => void;
  /** Every site's evidence figures for the exports, or null while the layers are read. */
  figureColumns: () => FigureColumns | null;
}

/**
 * What the user does to the register, each as one saved, undoable edit: place, move, aim, edit,
 * change status, delete, export. While a handle is dragged the site is only drawn (`preview`).
 */
export function useRegisterActions({ workspace, register, editing, showSite, deselect, setUserName, figureColumns }: Wiring) {
  const [preview, setPreview] = useState<Site | null>(null);
  const [placing, setPlacing] = useState(false);
  const suggestedSites = useRef<Site[]>([]);

  const saveSite = async (label: string, before: Site, after: Site): Promise<boolean> => (await editing.edit(label, [{ before, after }])) !== null;

  const place = async (position: LonLat, enteredAs: Site['enteredAs'], flyTo: boolean) => {
    if (!workspace) return;
    const site = proposedSite(workspace, register, position, enteredAs, new Date().toISOString(), crypto.randomUUID());
    if (!(await editing.edit(`Add ${site.reference}`, [{ before: null, after: site }]))) return;
    setPlacing(false);
    showSite(site.id, flyTo);
  };

  const dragged = (siteId: string, done: boolean, change: (site: Site) => Site, label: string) => {
    const stored = register.find((site) => site.id === siteId);
    if (!stored) return;
    const changed = change(stored);
    if (!done) setPreview(changed);
    else void saveSite(`${label} ${stored.reference}`, stored, changed).finally(() => setPreview(null));
  };

  return {
    preview,
    placing,
    setPlacing,
    saveSite,
    placeClicked: (point: LonLat) => {
      const at = { lon: roundDegrees(point.lon), lat: roundDegrees(point.lat) };
      void place(at, { crs: 'EPSG:4326', ...at }, false);
    },
    /**
     * A placement optimiser suggestion as a proposed site: a circle of the planned range (no bearing yet),
     * at its grid position to the metre, with why it was suggested in its notes. Undoable like any addition.
     */
    placeSuggested: async (suggestion: { easting: number; northing: number; label: string }, rangeMetres: number, notes: string): Promise<Site | null> => {
      if (!workspace) return null;
      const grid = { easting: Math.round(suggestion.easting), northing: Math.round(suggestion.northing) };
      const at = bngToWgs84(grid);
      const site: Site = {
        // Suggestions added one after another come before the register is read again: their references are taken too.
        ...proposedSite(workspace, [...register, ...suggestedSites.current], { lon: roundDegrees(at.lon), lat: roundDegrees(at.lat) }, { crs: 'EPSG:27700', ...grid }, new Date().toISOString(), crypto.randomUUID()),
        name: suggestion.label.slice(0, 200),
        bearingDegrees: null,
        fieldOfViewDegrees: 360,
        rangeMetres,
        notes: notes.slice(0, 5000),
      };
      suggestedSites.current.push(site);
      if (await editing.edit(`Add ${site.reference}`, [{ before: null, after: site }])) return site;
      suggestedSites.current = suggestedSites.current.filter((other) => other !== site);
      return null;
    },
    // A typed position may be off screen: the map goes to the new site.
    placeTyped: (position: Extract<TypedPosition, { ok: true }>) => void place(position, position.enteredAs, true),
    moveSite: (siteId: string, point: LonLat, done: boolean) =>
      dragged(siteId, done, (site) => {
        const at = { lon: roundDegrees(point.lon), lat: roundDegrees(point.lat) };
        return { ...site, ...at, enteredAs: { crs: 'EPSG:4326', ...at } };
      }, 'Move'),
    aimSite: (siteId: string, point: LonLat, done: boolean) =>
      dragged(siteId, done, (site) => ({ ...site, bearingDegrees: Math.round(bearingTowards(site, point)) % 360 }), 'Turn'),
    changeSiteStatus: async (site: Site, request: StatusChangeRequest): Promise<string | null> => {
      const result = changeStatus(site, request, new Date().toISOString(), localToday());
      if (!result.ok) return result.message;
      setUserName(request.by);
      const saved = await saveSite(`${STATUS_ACTIONS[request.to]} ${site.reference}`, site, result.site);
      return saved ? null : 'Not saved: see the message about it.';
    },
    deleteSite: (site: Site) => {
      void editing.edit(`Delete ${site.reference}`, [{ before: site, after: null }]).then((saved) => saved && deselect());
    },
    exportRegister: (format: 'csv' | 'geojson') => {
      const name = registerFileName(workspace?.name ?? 'workspace', new Date(), format);
      const figures = figureColumns() ?? undefined;
      if (format === 'csv') download(name, 'text/csv;charset=utf-8', registerCsv(register, figures));
      else download(name, 'application/geo+json', JSON.stringify(registerGeoJson(register, figures), null, 1));
    },
  };
}
