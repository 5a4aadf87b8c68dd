import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
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
  // 11,808 rows have a location; 24 of them repeat a Crime ID already read (counted with Python's csv module).
  await page.getByText(/11,784 points/).waitFor({ timeout: 60_000 });
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

/**
 * Drops files on the map as a user dragging them from their file manager would: a real drop event
 * carrying File objects, not the file input.
 */
export async function dropFiles(page: Page, filePaths: string[]): Promise<void> {
  const files = filePaths.map((filePath) => ({ name: path.basename(filePath), base64: readFileSync(filePath).toString('base64') }));
  await page.locator('.map-area').evaluate((target, files) => {
    const transfer = new DataTransfer();
    for (const file of files) {
      const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], file.name));
    }
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, files);
}

/** Everything stored about the open workspace, to show that a failed import changed nothing. */
/** Every row of one IndexedDB store, as stored: what a reload would find. */
export async function storedTable<Row>(page: Page, store: string): Promise<Row[]> {
  return page.evaluate(
    (store) =>
      new Promise<Row[]>((resolve, reject) => {
        const open = indexedDB.open('nrd-planner');
        open.onsuccess = () => {
          const request = open.result.transaction(store, 'readonly').objectStore(store).getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result as Row[]);
          };
          request.onerror = () => reject(request.error);
        };
        open.onerror = () => reject(open.error);
      }),
    store,
  );
}

export async function storedWorkspace(page: Page): Promise<unknown> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('nrd-planner');
        open.onsuccess = () => {
          const db = open.result;
          const tables = ['workspaces', 'sites', 'layers', 'layerColumns', 'layerFeatures', 'layerIndexes', 'records', 'attachments'];
          const transaction = db.transaction(tables, 'readonly');
          const result: Record<string, unknown> = {};
          for (const table of tables) {
            // Keys and counts are enough to see a layer or a column added or removed.
            const request = transaction.objectStore(table).getAllKeys();
            request.onsuccess = () => (result[table] = JSON.stringify(request.result));
          }
          transaction.oncomplete = () => {
            db.close();
            resolve(result);
          };
          transaction.onerror = () => reject(transaction.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );
}

export const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

/**
 * Drops a force-scale police.uk file made in the page by repeating a real fixture's rows, so that an
 * import lasts long enough to be cancelled or interrupted by a reload.
 */
export async function dropLargeCrimeFile(page: Page, repeats: number): Promise<void> {
  const text = readFileSync(`${FIXTURES}e2e/2018-01-essex-street-1500.csv`, 'utf8');
  await page.locator('.map-area').evaluate(
    (target, { text, repeats }) => {
      const newline = text.indexOf('\n');
      const header = text.slice(0, newline + 1);
      const body = text.slice(newline + 1);
      const transfer = new DataTransfer();
      transfer.items.add(new File([header, body.repeat(repeats)], 'large-street.csv'));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    },
    { text, repeats },
  );
}
