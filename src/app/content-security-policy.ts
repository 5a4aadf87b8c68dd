/**
 * The app's Content-Security-Policy: only this origin, blob: and data:. It is what proves that no
 * tile, font, script or telemetry request can leave the browser, so it is served as a header by
 * scripts/serve.mjs and also written into the built index.html.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  // WebAssembly may be compiled (the placement optimiser's HiGHS solver), JavaScript may still not be eval'd.
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data:",
  "img-src 'self' blob: data:",
  "style-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');
