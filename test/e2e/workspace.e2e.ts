import { describe, expect, it } from 'vitest';
import { useBrowser, openApp, waitForMap, waitForSampleWorkspace } from './browser.ts';

const browser = useBrowser();

const layoutOf = (layerIdPrefix: string) => {
  const map = window.nrdMap!;
  return map
    .getStyle()
    .layers.filter((layer) => layer.id.startsWith(layerIdPrefix))
    .map((layer) => map.getLayoutProperty(layer.id, 'visibility') ?? 'visible');
};

describe('workspace', () => {
  it('starts empty after confirming, keeps that across a reload, and resets to the sample', async () => {
    const { page, problems } = await openApp(browser());
    await waitForSampleWorkspace(page);

    await page.getByRole('button', { name: 'Start empty' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start an empty workspace?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('heading', { name: 'NRD sites (13)' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Start empty' }).click();
    await dialog.getByRole('button', { name: 'Start empty' }).click();
    await page.getByText('This workspace is empty').waitFor();
    expect(await page.getByRole('heading', { name: 'NRD sites (0)' }).count()).toBe(1);

    await page.reload();
    await page.getByText('This workspace is empty').waitFor();
    await waitForMap(page);
    expect(await page.getByText('No layers in this workspace.').count()).toBe(1);

    await page.getByRole('button', { name: 'Reset to sample' }).click();
    await page.getByRole('button', { name: 'Replace with the sample' }).click();
    await waitForSampleWorkspace(page);
    expect(await page.getByText('This workspace is empty').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('hides and shows layers from the layer panel and remembers the choice', async () => {
    const { page } = await openApp(browser());
    await waitForSampleWorkspace(page);
    const crimeLayerPrefix = await page.evaluate(() => window.nrdMap!.getStyle().layers.find((l) => l.id.endsWith('-heat'))!.id.replace(/-heat$/, ''));

    await page.getByRole('checkbox', { name: /Street crime/ }).uncheck();
    await expect.poll(() => page.evaluate(layoutOf, crimeLayerPrefix)).toEqual(['none', 'none']);
    await page.getByRole('checkbox', { name: 'Roads (OS, Bath & NE Somerset)' }).uncheck();
    await expect.poll(() => page.evaluate(layoutOf, 'basemap-roads')).toEqual(['none', 'none']);
    await page.getByRole('checkbox', { name: 'Sites and their coverage' }).uncheck();
    await expect.poll(() => page.evaluate(layoutOf, 'site-')).toEqual(['none', 'none', 'none', 'none']);
    expect(await page.locator('.map-label--site').count()).toBe(0);

    await page.reload();
    await waitForSampleWorkspace(page);
    expect(await page.getByRole('checkbox', { name: /Street crime/ }).isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: 'Roads (OS, Bath & NE Somerset)' }).isChecked()).toBe(false);
    expect(await page.evaluate(layoutOf, crimeLayerPrefix)).toEqual(['none', 'none']);

    await page.getByRole('checkbox', { name: /Street crime/ }).check();
    await expect.poll(() => page.evaluate(layoutOf, crimeLayerPrefix)).toEqual(['visible', 'visible']);
  });

  it('is usable from the keyboard: reach the register table, arrow through it with the map following, open a site, close it with Escape', async () => {
    const { page } = await openApp(browser());
    await waitForSampleWorkspace(page);
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.textContent?.startsWith('BANES-E02') ?? false);
    }
    expect(reached).toBe(true);
    // Arrow keys select the next site and the map flies to it; focus stays in the table.
    await page.keyboard.press('ArrowDown');
    await page.getByRole('complementary', { name: /BANES-E03/ }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent?.startsWith('BANES-E03'))).toBe(true);
    expect(await page.getByRole('row', { name: /BANES-E03/ }).getAttribute('aria-selected')).toBe('true');
    // BANES-E03 is at 51.402951, -2.308199: in view, at street zoom.
    await expect
      .poll(() => page.evaluate(() => !window.nrdMap!.isMoving() && window.nrdMap!.getZoom() >= 16 && window.nrdMap!.getBounds().contains([-2.308199, 51.402951])), { timeout: 10_000 })
      .toBe(true);
    await page.keyboard.press('End');
    await page.getByRole('complementary', { name: /BANES-P03/ }).waitFor();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    const panel = page.getByRole('complementary', { name: /BANES-E02/ });
    await panel.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('site-panel-heading');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });
});
