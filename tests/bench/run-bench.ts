// `npm run bench [-- --quick] [--corpus <path>] [--only ingest,search,...]`
// Runs every benchmark module in one process tree and prints their figures.
import { parseArgs } from 'node:util';

interface BenchModule {
  run(args: { corpusPath?: string; quick: boolean }): Promise<void>;
}

const benches: Record<string, () => Promise<BenchModule>> = {
  ingest: () => import('./ingest-bench.ts'),
  search: () => import('./search-bench.ts'),
  http: () => import('./http-bench.ts'),
  web: () => import('./web-bench.ts'),
  quotes: () => import('./quote-accuracy-bench.ts'),
};

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    corpus: { type: 'string' },
    only: { type: 'string' },
  },
});

const selected = values.only ? values.only.split(',').map((s) => s.trim()) : Object.keys(benches);
for (const name of selected) {
  const load = benches[name];
  if (!load) {
    console.log(`Unknown benchmark "${name}"; known: ${Object.keys(benches).join(', ')}`);
    process.exitCode = 2;
    continue;
  }
  console.log(`\n=== ${name} ${values.quick ? '(quick)' : ''}`);
  const started = performance.now();
  const bench = await load();
  await bench.run({ corpusPath: values.corpus, quick: values.quick });
  console.log(`=== ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
