/**
 * `npm run bench [-- PART...] [--json]`: runs the benchmarks (crawl, classifier, api), each printing
 * Vigie's figures side by side with a baseline measured in the same run. With --json, the human
 * tables go to stderr and stdout holds one JSON object: { crawl: {...}, classifier: {...}, api: {...} }.
 */
type Figures = Record<string, number>;
type Bench = (opts: { log: (line: string) => void }) => Promise<Figures>;

const PARTS: Record<string, () => Promise<Bench>> = {
  crawl: async () => (await import('./crawl.ts')).runCrawlBench,
  classifier: async () => (await import('./classifier.ts')).runClassifierBench,
  api: async () => (await import('./api.ts')).runApiBench,
};

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const names = argv.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !(n in PARTS));
  if (unknown.length) {
    console.error(`bench: unknown part(s) ${unknown.join(', ')}; parts: ${Object.keys(PARTS).join(', ')}`);
    return 2;
  }
  const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  const results: Record<string, Figures> = {};
  for (const name of names.length ? names : Object.keys(PARTS)) {
    log(`\n== bench: ${name} ==`);
    results[name] = await (await PARTS[name]!())({ log });
  }
  if (json) process.stdout.write(`${JSON.stringify(results)}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
