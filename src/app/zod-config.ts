import { z } from 'zod';

// zod probes for eval to compile fast parsers; the Content-Security-Policy forbids eval, so say so
// before any schema is built. Imported first by main.tsx for that reason.
z.config({ jitless: true });
