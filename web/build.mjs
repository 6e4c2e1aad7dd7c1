// Builds the browser pages into dist/: one ES module bundle per page (esbuild, minified, with source
// maps), the HTML shells, the style sheet and pdf.js's worker and font data copied beside them. No CDN
// and no inline code: the server serves dist/ under the same origin and a Content-Security-Policy of 'self'.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist');
const pages = ['portal', 'stats', 'console'].filter((page) => existsSync(join(here, 'src', page, 'main.tsx')));

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });

const result = await build({
  entryPoints: Object.fromEntries(pages.map((page) => [page, join(here, 'src', page, 'main.tsx')])),
  outdir: join(out, 'assets'),
  bundle: true,
  format: 'esm',
  // Shared code and what a page loads on demand (pdf.js in the console) become chunks beside the pages.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  target: 'es2020',
  minify: true,
  sourcemap: true,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  metafile: true,
  logLevel: 'warning',
});

for (const file of readdirSync(join(here, 'src', 'pages'))) cpSync(join(here, 'src', 'pages', file), join(out, file));
for (const file of readdirSync(join(here, 'src', 'styles'))) cpSync(join(here, 'src', 'styles', file), join(out, 'assets', file));

// pdf.js renders the console's pages: its worker, character maps (CJK fonts) and standard fonts are
// served from our origin like everything else (worker-src falls back to script-src 'self').
const pdfjs = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
mkdirSync(join(out, 'assets', 'pdfjs'), { recursive: true });
cpSync(join(pdfjs, 'build', 'pdf.worker.min.mjs'), join(out, 'assets', 'pdfjs', 'pdf.worker.min.mjs'));
for (const folder of ['cmaps', 'standard_fonts']) cpSync(join(pdfjs, folder), join(out, 'assets', 'pdfjs', folder), { recursive: true });

const sizes = Object.entries(result.metafile.outputs)
  .filter(([name]) => name.endsWith('.js'))
  .map(([name, info]) => `${name.split('/').pop()} ${(info.bytes / 1024).toFixed(1)} KB`);
console.log(`web: built ${sizes.join(', ')}`);
