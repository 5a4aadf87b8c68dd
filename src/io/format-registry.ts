import type { AnyFormatDriver } from './format-driver.ts';
import { dftTrafficCsvDriver } from './dft-traffic-csv.ts';
import { geoJsonDriver } from './geojson.ts';
import { lsoaPopulationCsvDriver } from './lsoa-population-csv.ts';
import { nrdListCsvDriver, nrdListGeoJsonDriver } from './nrd-list.ts';
import { pointCsvDriver } from './point-csv.ts';
import { policeUkCsvDriver } from './police-uk-csv.ts';
import { shapefileDriver } from './shapefile.ts';
import { topoJsonDriver } from './topojson.ts';

/** Every file format the app reads; adding a format is adding its driver here. */
export const FORMAT_DRIVERS: AnyFormatDriver[] = [
  policeUkCsvDriver,
  dftTrafficCsvDriver,
  lsoaPopulationCsvDriver,
  pointCsvDriver,
  geoJsonDriver,
  topoJsonDriver,
  shapefileDriver,
  nrdListCsvDriver,
  nrdListGeoJsonDriver,
];
