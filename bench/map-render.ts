// npm run bench:map: how the map copes with a force's year of crime (10^6 points), in Debian's
// Chromium with SwiftShader (software WebGL, so slower than any laptop's GPU). The baseline is the
// same steps with the bundled sample's 11,784 crimes, in the same run. Needs `npm run build` first.
import { writeFileSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';
import { policeUkBenchFile } from './generate-police-uk.ts';

interface Figures {
  importSeconds: number;
  firstDrawSeconds: number;
  zoomSteps: { zoom: number; seconds: number }[];
  animationFrameMs: { median: number; p95: number };
  heapMegabytes: number;
}

async function idle(page: Page): Promise<number> {
  const start = Date.now();
  await page.waitForFunction(() => window.nrdMap!.loaded() && window.nrdMap!.areTilesLoaded() && !window.nrdMap!.isMoving(), null, { timeout: 600_000, polling: 100 });
  return (Date.now() - start) / 1000;
}

async function measure(page: Page, file: string | null): Promise<Figures> {
  let importSeconds = 0;
  if (file) {
    const start = Date.now();
    await page.getByTestId('import-file-input').setInputFiles(file);
    await page.getByRole('dialog', { name: 'Import files' }).getByRole('button', { name: 'Import' }).click();
    await page.getByRole('dialog', { name: 'Import report' }).waitFor({ timeout: 600_000 });
    importSeconds = (Date.now() - start) / 1000;
    await page.getByRole('button', { name: 'Done' }).click();
    // Only the new layer: the sample's own crime layer is hidden so the two runs draw comparable things.
    await page.getByRole('checkbox', { name: /Street crime, January 2023/ }).uncheck();
  }
  const drawStart = Date.now();
  await page.waitForFunction((n) => window.nrdMap!.getStyle().layers.filter((l) => l.id.endsWith('-heat')).length >= n, file ? 2 : 1, { timeout: 600_000 });
  await idle(page);
  const firstDrawSeconds = (Date.now() - drawStart) / 1000;
  const zoomSteps = [];
  for (const zoom of [7, 9, 11, 13, 15]) {
    const start = Date.now();
    // MapLibre fires 'idle' once the new view's tiles are loaded and drawn.
    await page.evaluate(`new Promise((resolve) => { window.nrdMap.once('idle', resolve); window.nrdMap.jumpTo({ center: [-2.6, 51.4], zoom: ${zoom} }); })`);
    zoomSteps.push({ zoom, seconds: (Date.now() - start) / 1000 });
  }
  // A string, not a function: tsx would add its __name helper to a function, which the page lacks.
  const frames: number[] = await page.evaluate(`new Promise((resolve) => {
    const times = [];
    let last = performance.now();
    const tick = (now) => {
      times.push(now - last);
      last = now;
      if (window.nrdMap.isMoving()) requestAnimationFrame(tick);
      else resolve(times.slice(1));
    };
    window.nrdMap.easeTo({ center: [-2.45, 51.45], zoom: 10, duration: 3000 });
    requestAnimationFrame(tick);
  })`);
  frames.sort((a, b) => a - b);
  const heap = await page.evaluate(() => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize);
  return {
    importSeconds,
    firstDrawSeconds,
    zoomSteps,
    animationFrameMs: { median: frames[Math.floor(frames.length / 2)] ?? NaN, p95: frames[Math.floor(frames.length * 0.95)] ?? NaN },
    heapMegabytes: heap / 1e6,
  };
}

const { server, url } = await startServer({ port: 0 });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--enable-precise-memory-info'],
});
const results: Record<string, Figures> = {};
for (const [name, file] of [
  ['sample-11784', null],
  ['generated-1e6', policeUkBenchFile(1_000_000)],
] as const) {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await page.goto(url);
  await page.getByText(/11,784 points/).waitFor({ timeout: 120_000 });
  results[name] = await measure(page, file);
  console.log(name, JSON.stringify(results[name]));
  await page.context().close();
}
await browser.close();
server.close();
writeFileSync(new URL('./map-render-results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
