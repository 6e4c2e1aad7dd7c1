import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type Router } from 'express';

/** The built pages (`npm run build -w @eseal/web`): web/dist at the repository root, from src/http or dist/http alike. */
export const DEFAULT_WEB_ROOT = resolve(__dirname, '../../../web/dist');

/** Each page's URL paths and the HTML shell that serves them; the shell loads its own script and style, never inline. */
const PAGES: ReadonlyArray<{ paths: string[]; file: string }> = [
  // The evidence certificate's QR code lands on /verify/c/{certificateNumber}; the page reads the path.
  { paths: ['/', '/verify', '/verify/c/:number'], file: 'portal.html' },
  { paths: ['/stats'], file: 'stats.html' },
  { paths: ['/console'], file: 'console.html' },
];

/**
 * Serves the browser pages and their assets from the built folder, same origin as the API, so the
 * Content-Security-Policy can stay `'self'` with no inline code and the pages work on an offline network.
 * Answers undefined when the folder was never built: the API still runs, and /health is unaffected.
 */
export function webPages(root: string = DEFAULT_WEB_ROOT): Router | undefined {
  if (!existsSync(join(root, 'portal.html'))) return undefined;
  const router = express.Router();
  // Bundles are rebuilt in place (no content hashes), so browsers revalidate rather than cache blindly.
  router.use('/assets', express.static(join(root, 'assets'), { index: false, fallthrough: true, cacheControl: true, maxAge: 0 }));
  for (const page of PAGES) {
    const file = join(root, page.file);
    if (!existsSync(file)) continue;
    router.get(page.paths, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(file);
    });
  }
  return router;
}
