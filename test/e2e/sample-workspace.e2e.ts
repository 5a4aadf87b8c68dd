import { describe, expect, it } from 'vitest';
import { countPixels, distinctColours, useBrowser, mapRegion, openApp, screenshot, waitForMap, waitForSampleWorkspace } from './browser.ts';

const browser = useBrowser();

// Hue tests for the colours map-style.ts gives sites, loose enough for blending with what lies beneath.
const isExistingBlue = (r: number, g: number, b: number) => b > 150 && b - r > 80 && b - g > 40;
const isProposedOrange = (r: number, g: number, b: number) => r > 150 && r - b > 90 && g < 140;

describe('the sample workspace on first start', () => {
  it('opens with its sites, their coverage and the basemap drawn on the map', async () => {
    const { page, problems } = await openApp(browser());
    await waitForSampleWorkspace(page);
    await expect.poll(() => page.getByRole('row', { name: /^BANES-/ }).count()).toBe(13);
    await expect(page.getByText('Sample data · NRD sites are illustrative')).toBeDefined();

    const region = await mapRegion(page);
    const overview = await screenshot(page, 'sample-overview');
    // Not blank: land, roads, population shading, crime heat and sites make many colours.
    expect(distinctColours(overview, region)).toBeGreaterThan(60);
    expect(countPixels(overview, region, isExistingBlue)).toBeGreaterThan(100);
    expect(countPixels(overview, region, isProposedOrange)).toBeGreaterThan(50);
    // Rendered by WebGL, not only present in the DOM: the site labels are HTML, the sites are not.
    const rendered = await page.evaluate(() => window.nrdMap!.queryRenderedFeatures({ layers: ['site-sectors-fill'] }).length);
    expect(rendered).toBeGreaterThanOrEqual(13);
    expect(problems).toEqual([]);
  });

  it('shows a site close up with its coverage sector when chosen in the register table', async () => {
    const { page, problems } = await openApp(browser());
    await waitForSampleWorkspace(page);
    await page.getByRole('row', { name: /^BANES-E20/ }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2, name: /BANES-E20/ }).count()).toBe(1);
    await waitForMap(page);
    const region = await mapRegion(page);
    const closeUp = await screenshot(page, 'site-close-up');
    // At street zoom an 80 m sector covers thousands of pixels.
    expect(countPixels(closeUp, region, isExistingBlue)).toBeGreaterThan(1500);
    const panel = page.getByRole('complementary', { name: /BANES-E20/ });
    expect(await panel.getByText(/^Existing NRD ·/).count()).toBe(1);
    expect(await panel.getByText(/Illustrative site/).count()).toBe(1);
    expect(await panel.getByText(/^\d{6} E, \d{6} N$/).count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('opens a site panel when its position is clicked on the map', async () => {
    const { page } = await openApp(browser());
    await waitForSampleWorkspace(page);
    const target = await page.evaluate(() => {
      const map = window.nrdMap!;
      const feature = map.queryRenderedFeatures({ layers: ['site-positions'] }).find((f) => f.properties.reference === 'BANES-P02')!;
      const point = map.project((feature.geometry as GeoJSON.Point).coordinates as [number, number]);
      const canvas = map.getCanvas().getBoundingClientRect();
      return { x: canvas.left + point.x, y: canvas.top + point.y };
    });
    await page.mouse.click(target.x, target.y);
    await expect.poll(() => page.getByRole('complementary', { name: /BANES-P02/ }).count()).toBe(1);
    expect(await page.getByRole('complementary').getByText('Proposed NRD site').count()).toBe(1);
  });
});
