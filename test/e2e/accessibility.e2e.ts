import { describe, expect, it } from 'vitest';
import { useBrowser, openApp, screenshot, seriousAccessibilityViolations, waitForSampleWorkspace } from './browser.ts';

const browser = useBrowser();

describe('accessibility (WCAG 2.2 AA, axe-core)', () => {
  it('has no serious or critical violations on the main screens', async () => {
    const { page } = await openApp(browser());
    await waitForSampleWorkspace(page);
    expect(await seriousAccessibilityViolations(page), 'workspace').toEqual([]);

    await page.getByRole('row', { name: /^BANES-P02/ }).click();
    await page.getByRole('complementary', { name: /BANES-P02/ }).waitFor();
    expect(await seriousAccessibilityViolations(page), 'site panel').toEqual([]);

    await page.getByRole('button', { name: 'Start empty' }).click();
    await page.getByRole('dialog').waitFor();
    await screenshot(page, 'confirm-dialog');
    expect(await seriousAccessibilityViolations(page), 'confirm dialog').toEqual([]);
    await page.getByRole('dialog').getByRole('button', { name: 'Start empty' }).click();

    await page.getByText('This workspace is empty').waitFor();
    await screenshot(page, 'empty-workspace');
    expect(await seriousAccessibilityViolations(page), 'empty workspace').toEqual([]);
  });
});
