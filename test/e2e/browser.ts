import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, expect, inject } from 'vitest';

export const SCREENSHOTS = new URL('../../test-results/screenshots/', import.meta.url).pathname;
mkdirSync(SCREENSHOTS, { recursive: true });

export function appUrl(): string {
  return inject('appUrl');
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // Without the background-networking flags Chromium itself phones home, which the no-egress test would catch.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-default-apps'],
  });
}

/** One Chromium for a test file; the returned function gives it to the tests. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser!;
}

/**
 * Writes straight into the app's IndexedDB, past Dexie and zod, as a damaged disk or another release
 * would: the record with `key` (or the store's first) gets the fields in `change`.
 */
export async function changeStoredRecord(page: Page, store: string, key: string | null, change: Record<string, unknown>): Promise<void> {
  await page.evaluate(
    ({ store, key, change }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('nrd-planner');
        open.onsuccess = () => {
          const cursor = open.result.transaction(store, 'readwrite').objectStore(store).openCursor(key ?? undefined);
          cursor.onsuccess = () => {
            const update = cursor.result!.update({ ...cursor.result!.value, ...change });
            update.onsuccess = () => {
              open.result.close();
              resolve();
            };
            update.onerror = () => reject(update.error);
          };
          cursor.onerror = () => reject(cursor.error);
        };
        open.onerror = () => reject(open.error);
      }),
    { store, key, change },
  );
}

export interface AppSession {
  context: BrowserContext;
  page: Page;
  /** Every URL the page or its workers asked for. */
  requests: string[];
  /** Page errors, console errors and Content-Security-Policy violations. */
  problems: string[];
}

/** A fresh browser profile (its own IndexedDB) with the app open. */
export async function openApp(browser: Browser, { context }: { context?: BrowserContext } = {}): Promise<AppSession> {
  const ownContext = context ?? (await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true }));
  const page = await ownContext.newPage();
  const session: AppSession = { context: ownContext, page, requests: [], problems: [] };
  ownContext.on('request', (request) => session.requests.push(request.url()));
  page.on('pageerror', (error) => session.problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // SwiftShader's WebGL notes are about speed, not correctness.
    if (message.type() === 'error' && !message.text().includes('GL Driver Message')) session.problems.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`);
    });
  });
  await page.goto(appUrl());
  return session;
}

/** Waits until MapLibre has loaded the style, every source and every tile in view. */
export async function waitForMap(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const map = window.nrdMap;
      return !!map && map.loaded() && map.isStyleLoaded() && map.areTilesLoaded() && !map.isMoving();
    },
    null,
    { timeout: 60_000, polling: 250 },
  );
  // One more frame so the last tiles are painted, not only parsed.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

export async function waitForSampleWorkspace(page: Page): Promise<void> {
  await expect.poll(() => page.getByRole('heading', { name: /NRD sites \(\d+\)/ }).textContent(), { timeout: 60_000 }).toMatch(/\((1[0-9])\)/);
  await page.getByText(/11,808 points/).waitFor({ timeout: 60_000 });
  await waitForMap(page);
}

export async function screenshot(page: Page, name: string): Promise<PNG> {
  const buffer = await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
  return PNG.sync.read(buffer);
}

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Counts pixels in a region whose colour passes a test; how a test knows the map is not blank. */
export function countPixels(png: PNG, region: Region, test: (r: number, g: number, b: number) => boolean): number {
  let count = 0;
  for (let y = region.y; y < region.y + region.height; y++) {
    for (let x = region.x; x < region.x + region.width; x++) {
      const i = (y * png.width + x) * 4;
      if (test(png.data[i]!, png.data[i + 1]!, png.data[i + 2]!)) count++;
    }
  }
  return count;
}

export function distinctColours(png: PNG, region: Region): number {
  const colours = new Set<number>();
  for (let y = region.y; y < region.y + region.height; y += 2) {
    for (let x = region.x; x < region.x + region.width; x += 2) {
      const i = (y * png.width + x) * 4;
      // Quantised so that antialiasing does not inflate the count.
      colours.add(((png.data[i]! >> 4) << 8) | ((png.data[i + 1]! >> 4) << 4) | (png.data[i + 2]! >> 4));
    }
  }
  return colours.size;
}

export async function mapRegion(page: Page): Promise<Region> {
  const box = (await page.locator('.map canvas').boundingBox())!;
  return { x: Math.round(box.x), y: Math.round(box.y), width: Math.round(box.width), height: Math.round(box.height) };
}

/** WCAG 2.2 AA checks on what is on screen now. */
export async function seriousAccessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}
