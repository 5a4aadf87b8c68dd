/**
 * A big point layer (10^6 crimes) held as columns, never as one object per row: positions as
 * Float64Array (exact to the source's decimals), text categories dictionary-encoded, months as
 * integers. This is also the shape stored in IndexedDB and transferred to and from workers.
 */
export interface DictionaryColumn {
  kind: 'dictionary';
  /** Index into `dictionary` for each row. */
  codes: Uint16Array | Uint32Array;
  dictionary: string[];
}
export interface MonthColumn {
  kind: 'month';
  /** Months since January 1970 (0 = 1970-01), so a month range is an integer range. */
  values: Uint16Array;
}
export interface NumberColumn {
  kind: 'number';
  values: Float64Array;
}
export type AttributeColumn = DictionaryColumn | MonthColumn | NumberColumn;

export interface PointColumns {
  count: number;
  lon: Float64Array;
  lat: Float64Array;
  attributes: Record<string, AttributeColumn>;
}

export function monthIndex(year: number, month: number): number {
  return (year - 1970) * 12 + (month - 1);
}

export function monthLabel(index: number): string {
  const year = 1970 + Math.floor(index / 12);
  return `${year}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Builds a dictionary column row by row; codes widen to 32 bits only when a layer needs it. */
export class DictionaryBuilder {
  private readonly index = new Map<string, number>();
  readonly dictionary: string[] = [];
  private codes: number[] = [];

  push(value: string): void {
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.dictionary.length;
      this.index.set(value, code);
      this.dictionary.push(value);
    }
    this.codes.push(code);
  }

  build(): DictionaryColumn {
    const codes = this.dictionary.length <= 0xffff ? Uint16Array.from(this.codes) : Uint32Array.from(this.codes);
    return { kind: 'dictionary', codes, dictionary: this.dictionary };
  }
}
