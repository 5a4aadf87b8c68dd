// Browser tests drive Debian's Chromium; say in one line how to get it rather than fail deep in a test.
import { existsSync } from 'node:fs';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(path)) {
  console.error(`Chromium not found at ${path}: install Debian's package with "sudo apt-get install -y chromium" (or set CHROMIUM_PATH), then run npm test again.`);
  process.exit(1);
}
