/**
 * Windows-1252's bytes 0x80-0x9F (curly quotes, dashes, euro sign), where it differs from Latin-1. Some
 * Node versions decode 'windows-1252' as Latin-1 (nodejs/node#56542), so the table is applied here
 * rather than trusted to TextDecoder; the five unassigned bytes stay as their C1 control characters.
 */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = new TextDecoder('latin1').decode(bytes);
  return latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

/**
 * Text from a file as the user's tools wrote it: UTF-8 (with or without a byte-order mark) or, when
 * the bytes are not valid UTF-8, Windows-1252, which is what Excel on a force laptop saves "CSV" as.
 */
export function decodeText(bytes: Uint8Array): string {
  const withoutBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(withoutBom);
  } catch {
    return decodeWindows1252(withoutBom);
  }
}

/** The first characters of a file, decoded as above, for drivers to recognise their format by. */
export function decodeHead(bytes: Uint8Array, length = 4096): string {
  // Cutting inside a multi-byte character would make valid UTF-8 look invalid; back off to a boundary.
  let end = Math.min(bytes.length, length);
  while (end < bytes.length && end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return decodeText(bytes.subarray(0, end));
}
