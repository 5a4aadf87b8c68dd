/**
 * A site's analysis figures in a plain shape the app fills, so that the procedure's records can be
 * prefilled from the evidence without src/procedure depending on src/analysis. A null part is a layer
 * that is not loaded: the prefilled text says so rather than stay silent.
 */
export interface SiteEvidence {
  crimes: { total: number; layerName: string; byType: { type: string; crimes: number }[]; hotSpotsTouched: number; hotSpotsTotal: number } | null;
  residents: { residents: number; lsoas: number; layerName: string } | null;
  transient: { vehiclesPerDay: number; countPoints: number; layerName: string } | null;
  sensitivePlaces: { name: string; layerName: string; distanceMetres: number; insideCoverage: boolean }[] | null;
  fit: { nearestExisting: { reference: string; distanceMetres: number } | null; overlapShare: number; marginalCrimes: number } | null;
}
