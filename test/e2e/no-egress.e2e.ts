import { describe, expect, it } from 'vitest';
import { appUrl, useBrowser, openApp, waitForMap, waitForSampleWorkspace } from './browser.ts';

const browser = useBrowser();

describe('zero egress', () => {
  it('asks nothing of any other origin through a full session, and serves a strict Content-Security-Policy', async () => {
    const { page, requests, problems } = await openApp(browser());
    const response = await page.reload();
    const policy = response!.headers()['content-security-policy'];
    expect(policy).toContain("default-src 'self'");
    // Only 'self', blob: and data: may appear as sources; scripts may compile WebAssembly (the placement
    // optimiser's solver), never eval JavaScript or run inline.
    const directives = policy!.split(';').map((directive) => directive.trim().split(/\s+/));
    const sources = directives.flatMap(([name, ...values]) => values.filter((value) => !(name === 'script-src' && value === "'wasm-unsafe-eval'")));
    expect(new Set(sources.filter((s) => !["'self'", 'blob:', 'data:', "'none'"].includes(s)))).toEqual(new Set());
    expect(policy).not.toMatch(/'unsafe-eval'|'unsafe-inline'/);
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').count()).toBe(1);

    await waitForSampleWorkspace(page);
    // Zoom across the whole range: national view, force, street; every zoom asks for different tiles.
    for (const zoom of [5, 8, 11, 14, 17]) {
      await page.evaluate((z) => window.nrdMap!.jumpTo({ zoom: z, center: [-2.36, 51.38] }), zoom);
      await waitForMap(page);
    }
    await page.getByRole('row', { name: /^BANES-P01/ }).click();
    await page.getByRole('checkbox', { name: /Street crime/ }).uncheck();
    await page.getByRole('checkbox', { name: 'Police force areas' }).uncheck();
    await page.getByRole('button', { name: 'Reset to sample' }).click();
    await page.getByRole('button', { name: 'Replace with the sample' }).click();
    await waitForSampleWorkspace(page);
    await page.getByRole('button', { name: 'Start empty' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Start empty' }).click();
    await page.getByText('This workspace is empty').waitFor();
    await waitForMap(page);

    const origin = new URL(appUrl()).origin;
    const elsewhere = requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('blob:') && !url.startsWith('data:'));
    expect(elsewhere).toEqual([]);
    expect(requests.length).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });
});
