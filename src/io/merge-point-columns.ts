import type { AttributeColumn, DictionaryColumn, PointColumns } from '../domain/point-columns.ts';

function mergeDictionaries(parts: DictionaryColumn[]): DictionaryColumn {
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  const remaps = parts.map((part) =>
    part.dictionary.map((value) => {
      let code = index.get(value);
      if (code === undefined) {
        code = dictionary.length;
        index.set(value, code);
        dictionary.push(value);
      }
      return code;
    }),
  );
  const total = parts.reduce((n, part) => n + part.codes.length, 0);
  const codes = dictionary.length <= 0xffff ? new Uint16Array(total) : new Uint32Array(total);
  let offset = 0;
  parts.forEach((part, p) => {
    const remap = remaps[p]!;
    for (let i = 0; i < part.codes.length; i++) codes[offset + i] = remap[part.codes[i]!]!;
    offset += part.codes.length;
  });
  return { kind: 'dictionary', codes, dictionary };
}

function concatTyped<T extends Float64Array | Uint16Array>(parts: T[], make: (length: number) => T): T {
  const out = make(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * One layer from several files of the same format (a year of police.uk months): rows appended in
 * file order, dictionaries merged so a crime type has one code across all months. Only columns that
 * every file has are kept, so no row ends up with a value it never had.
 */
export function mergePointColumns(parts: PointColumns[]): PointColumns {
  if (parts.length === 1) return parts[0]!;
  const names = Object.keys(parts[0]!.attributes).filter((name) =>
    parts.every((part) => part.attributes[name]?.kind === parts[0]!.attributes[name]!.kind),
  );
  const attributes: Record<string, AttributeColumn> = {};
  for (const name of names) {
    const columns = parts.map((part) => part.attributes[name]!);
    const first = columns[0]!;
    if (first.kind === 'dictionary') attributes[name] = mergeDictionaries(columns as DictionaryColumn[]);
    else if (first.kind === 'month') attributes[name] = { kind: 'month', values: concatTyped(columns.map((c) => (c as typeof first).values), (n) => new Uint16Array(n)) };
    else attributes[name] = { kind: 'number', values: concatTyped(columns.map((c) => (c as typeof first).values), (n) => new Float64Array(n)) };
  }
  return {
    count: parts.reduce((n, part) => n + part.count, 0),
    lon: concatTyped(parts.map((part) => part.lon), (n) => new Float64Array(n)),
    lat: concatTyped(parts.map((part) => part.lat), (n) => new Float64Array(n)),
    attributes,
  };
}
