import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SampleSite } from './sample-workspace.ts';

const read = (name: string) => JSON.parse(readFileSync(new URL(`../../data/sample/${name}`, import.meta.url), 'utf8'));

describe('bundled sample workspace', () => {
  it('has sites that pass the Site schema and say they are illustrative', () => {
    const sites = z.array(SampleSite).parse(read('sites.json'));
    expect(sites.length).toBeGreaterThanOrEqual(5);
    expect(new Set(sites.map((s) => s.kind))).toEqual(new Set(['existing', 'proposed']));
    for (const site of sites) {
      expect(site.illustrative).toBe(true);
      expect(site.notes).toMatch(/illustrative/i);
      if (site.wentLiveOn) expect(site.status).toBe('live');
    }
  });
});
