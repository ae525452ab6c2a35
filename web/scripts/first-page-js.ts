// The JS budget: gzip size of the JavaScript the first page (search) loads, following
// the Vite manifest from index.html through its static imports only. Lazy chunks (the
// episode page and its player) are reported separately.
// Usage: `npx tsx web/scripts/first-page-js.ts` after `npm run build:web`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export interface JsBudget {
  /** Gzip bytes of the JS loaded by the first page. */
  firstPageGzip: number;
  firstPageFiles: string[];
  /** Gzip bytes of every JS chunk (all pages, all lazy chunks). */
  allJsGzip: number;
  /** Gzip bytes of CSS loaded by the first page. */
  firstPageCssGzip: number;
}

export const FIRST_PAGE_BUDGET_BYTES = 250 * 1024;

export function measureFirstPageJs(distDir: string): JsBudget {
  const manifest = JSON.parse(readFileSync(path.join(distDir, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const gzip = (file: string) => gzipSync(readFileSync(path.join(distDir, file)), { level: 9 }).length;
  const entry = manifest['index.html'];
  if (!entry)
    throw new Error(`${distDir}/.vite/manifest.json has no index.html entry: build with manifest: true`);
  const seen = new Set<string>();
  const css = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(chunk.file)) return;
    seen.add(chunk.file);
    for (const file of chunk.css ?? []) css.add(file);
    for (const next of chunk.imports ?? []) visit(next);
  };
  visit('index.html');
  const firstPageFiles = [...seen].filter((file) => file.endsWith('.js'));
  const allJs = new Set(
    Object.values(manifest)
      .map((chunk) => chunk.file)
      .filter((file) => file.endsWith('.js')),
  );
  return {
    firstPageGzip: firstPageFiles.reduce((sum, file) => sum + gzip(file), 0),
    firstPageFiles,
    allJsGzip: [...allJs].reduce((sum, file) => sum + gzip(file), 0),
    firstPageCssGzip: [...css].reduce((sum, file) => sum + gzip(file), 0),
  };
}

export function formatKb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const budget = measureFirstPageJs(path.resolve(import.meta.dirname, '../dist'));
  const verdict = budget.firstPageGzip <= FIRST_PAGE_BUDGET_BYTES ? 'within' : 'OVER';
  console.log(
    `First-page JS: ${formatKb(budget.firstPageGzip)} gzip (${budget.firstPageFiles.length} files) — ${verdict} the ${formatKb(FIRST_PAGE_BUDGET_BYTES)} budget`,
  );
  console.log(
    `First-page CSS: ${formatKb(budget.firstPageCssGzip)} gzip; all JS incl. lazy chunks: ${formatKb(budget.allJsGzip)} gzip`,
  );
  if (verdict === 'OVER') process.exitCode = 1;
}
