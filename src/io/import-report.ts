/** What happened to one file's rows, grouped by reason, with the first examples a user can find and fix. */
export interface RejectedRow {
  file: string;
  /**
   * Where to find the row. CSV: the 1-based record number counting the header as row 1, as a spreadsheet
   * shows it. GeoJSON: the 1-based position of the feature in the "features" array.
   */
  row: number;
  /**
   * What is at fault: CSV, the column as named in the header, or '' for the whole row (too many or too few
   * values); GeoJSON, the member of the feature ("type", "geometry").
   */
  column: string;
  value: string;
  reason: string;
}

export interface ImportReport {
  file: string;
  rowsRead: number;
  rowsImported: number;
  rejected: { reason: string; count: number; examples: RejectedRow[] }[];
}

const EXAMPLES_PER_REASON = 5;

export class ImportReportBuilder {
  rowsRead = 0;
  rowsImported = 0;
  private readonly byReason = new Map<string, { count: number; examples: RejectedRow[] }>();

  constructor(readonly file: string) {}

  reject(row: number, column: string, value: string, reason: string): void {
    let group = this.byReason.get(reason);
    if (!group) {
      group = { count: 0, examples: [] };
      this.byReason.set(reason, group);
    }
    group.count++;
    if (group.examples.length < EXAMPLES_PER_REASON) {
      group.examples.push({ file: this.file, row, column, value: value.slice(0, 200), reason });
    }
  }

  build(): ImportReport {
    return {
      file: this.file,
      rowsRead: this.rowsRead,
      rowsImported: this.rowsImported,
      rejected: [...this.byReason].map(([reason, group]) => ({ reason, ...group })),
    };
  }
}

/** An import that cannot go on at all (wrong kind of file, missing columns): nothing is stored. */
export class ImportError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'ImportError';
  }
}

/** Why an import gave nothing at all: the commonest reason and where to look first. */
export function nothingImported(report: ImportReport, unit: 'rows' | 'features'): string {
  const [main] = [...report.rejected].sort((a, b) => b.count - a.count);
  const example = main?.examples[0];
  if (!main || !example) return `none of the ${report.rowsRead} ${unit} could be imported`;
  const where = unit === 'rows' ? `row ${example.row}` : `feature ${example.row}`;
  const value = example.value === '' ? '' : `, value "${example.value}"`;
  return (
    `none of the ${report.rowsRead} ${unit} could be imported; ${main.count} were rejected for "${main.reason}", ` +
    `the first at ${where}, column "${example.column}"${value}`
  );
}

/**
 * A report with one more group: the parts of a file a layer does not take (a shapefile zip's other
 * layers, a Topology's other objects), listed so that nothing is left out unsaid.
 */
export function withPartsNotImported(report: ImportReport, reason: string, parts: Omit<RejectedRow, 'reason'>[]): ImportReport {
  if (parts.length === 0) return report;
  return {
    ...report,
    rejected: [...report.rejected, { reason, count: parts.length, examples: parts.slice(0, EXAMPLES_PER_REASON).map((part) => ({ ...part, reason })) }],
  };
}

/** A report with rows turned away after the file was read (a reference the register already holds). */
export function withRowsRejected(report: ImportReport, rows: RejectedRow[]): ImportReport {
  if (rows.length === 0) return report;
  const builder = new ImportReportBuilder(report.file);
  for (const row of rows) builder.reject(row.row, row.column, row.value, row.reason);
  return { ...report, rowsImported: report.rowsImported - rows.length, rejected: [...report.rejected, ...builder.build().rejected] };
}

/** Papaparse's sign that a quote never closes: it swallows the rest of the file into one value, so nothing after it can be trusted. */
export function throwIfQuoteNeverCloses(errors: { code: string }[], data: string[], header: string[] | undefined, row: number, file: string): void {
  if (!errors.some((error) => error.code === 'MissingQuotes')) return;
  const column = header?.[data.length - 1] ?? `column ${data.length}`;
  throw new ImportError(
    file,
    `a quoted value is never closed (row ${row}, column "${column}"), so the rest of the file cannot be read; ` +
      'check the file is complete and was not edited by hand',
  );
}
