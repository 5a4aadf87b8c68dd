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

/**
 * A Float64Array column grown by doubling as rows are read, then cut to its length: a 10^6-row layer
 * never exists as a number[] (about twice the memory, and a second copy when it is converted).
 */
export class Float64ColumnBuilder {
  private values: Float64Array;
  length = 0;

  /** `capacity` is a guess at the row count; a good one saves the copies made when it grows. */
  constructor(capacity = 1024) {
    this.values = new Float64Array(Math.max(16, capacity));
  }

  push(value: number): void {
    if (this.length === this.values.length) this.values = grown(this.values, new Float64Array(this.values.length * 2));
    this.values[this.length++] = value;
  }

  /** A copy of exactly `length` values: a column's buffer is stored and transferred whole, so it must not carry spare room. */
  build(): Float64Array {
    return this.values.slice(0, this.length);
  }
}

/** A month column (months since 1970-01) grown as rows are read, like Float64ColumnBuilder. */
export class MonthColumnBuilder {
  private values: Uint16Array;
  length = 0;

  constructor(capacity = 1024) {
    this.values = new Uint16Array(Math.max(16, capacity));
  }

  push(month: number): void {
    if (this.length === this.values.length) this.values = grown(this.values, new Uint16Array(this.values.length * 2));
    this.values[this.length++] = month;
  }

  build(): MonthColumn {
    return { kind: 'month', values: this.values.slice(0, this.length) };
  }
}

/** `into` (a larger typed array) with `values` copied to its start. */
function grown<T extends { set(array: ArrayLike<number>): void }>(values: ArrayLike<number>, into: T): T {
  into.set(values);
  return into;
}

/**
 * A dictionary column built as rows are read: codes in a growing typed array that widens to 32 bits
 * only when a layer has more than 65,536 distinct values, each distinct value detached from the text it
 * was cut from, and a shortcut for a value equal to the previous row's (the force, on every police.uk row).
 */
export class DictionaryBuilder {
  private readonly index = new Map<string, number>();
  readonly dictionary: string[] = [];
  private codes: Uint16Array | Uint32Array;
  private lastValue: string | undefined;
  private lastCode = 0;
  length = 0;

  constructor(capacity = 1024) {
    this.codes = new Uint16Array(Math.max(16, capacity));
  }

  push(value: string): void {
    if (value === this.lastValue) {
      this.pushCode(this.lastCode);
      return;
    }
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.dictionary.length;
      const own = detached(value);
      this.index.set(own, code);
      this.dictionary.push(own);
    }
    this.lastValue = this.dictionary[code];
    this.lastCode = code;
    this.pushCode(code);
  }

  private pushCode(code: number): void {
    const full = this.length === this.codes.length;
    const narrow = code > 0xffff && this.codes.BYTES_PER_ELEMENT === 2;
    if (full || narrow) {
      const size = full ? this.codes.length * 2 : this.codes.length;
      this.codes = grown(this.codes, narrow || this.codes.BYTES_PER_ELEMENT === 4 ? new Uint32Array(size) : new Uint16Array(size));
    }
    this.codes[this.length++] = code;
  }

  build(): DictionaryColumn {
    return { kind: 'dictionary', codes: this.codes.slice(0, this.length), dictionary: this.dictionary };
  }
}

/**
 * A copy of a string that shares no memory with the text it was cut from. JavaScript engines keep a
 * longer substring as a view into its parent (V8 from 13 characters), so a dictionary of a few hundred
 * values cut from a 200 MB file would keep the whole file alive for as long as the layer lives, and
 * reading a view's characters is several times slower than reading a plain string's. A JSON round
 * trip makes a plain copy; it is only paid once a distinct value.
 */
export function detached(value: string): string {
  return value.length < 13 ? value : (JSON.parse(JSON.stringify(value)) as string);
}
