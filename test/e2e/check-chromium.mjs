// Browser tests drive Debian's Chromium, and the evidence pack's test poppler's pdftoppm; say in one line how to get them rather than fail deep in a test.
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(path)) {
  console.error(`Chromium not found at ${path}: install Debian's package with "sudo apt-get install -y chromium" (or set CHROMIUM_PATH), then run npm test again.`);
  process.exit(1);
}
if (!existsSync('/usr/bin/pdftoppm')) {
  console.error('pdftoppm not found: the evidence pack test turns its PDF into page images with it. Install it with "sudo apt-get install -y poppler-utils", then run npm test again.');
  process.exit(1);
}
