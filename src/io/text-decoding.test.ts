import { describe, expect, it } from 'vitest';
import { decodeHead, decodeText } from './text-decoding.ts';

describe('decodeText', () => {
  it('reads UTF-8 and drops its byte-order mark', () => {
    expect(decodeText(Uint8Array.of(0xef, 0xbb, 0xbf, ...new TextEncoder().encode('Café £5')))).toBe('Café £5');
  });

  it('reads Windows-1252 when the bytes are not UTF-8, curly quotes and euro included', () => {
    // "St Mary’s – £5 €" as Excel saves it: ’ 0x92, – 0x96, £ 0xA3, € 0x80.
    const bytes = Uint8Array.of(0x53, 0x74, 0x20, 0x4d, 0x61, 0x72, 0x79, 0x92, 0x73, 0x20, 0x96, 0x20, 0xa3, 0x35, 0x20, 0x80);
    expect(decodeText(bytes)).toBe('St Mary’s – £5 €');
  });

  it('does not mistake a multi-byte character cut at the head boundary for Windows-1252', () => {
    const bytes = new TextEncoder().encode('ab€');
    expect(decodeHead(bytes, 3)).toBe('ab');
  });
});
