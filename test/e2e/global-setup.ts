import type { TestProject } from 'vitest/node';
import { startServer } from '../../scripts/serve.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
  }
}

/** Serves the built app (dist/) the way `npm start` does, with its Content-Security-Policy header. */
export default async function setup(project: TestProject) {
  const { server, url } = await startServer({ port: 0 });
  project.provide('appUrl', url);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
