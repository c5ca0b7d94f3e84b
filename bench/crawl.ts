import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_PAGES, startBenchSite } from './crawl-site.ts';

const CONCURRENCY = 20;
const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'crawl-worker.ts');

interface WorkerResult {
  pages: number;
  listings: number;
  ms: number;
  peakRssMb: number;
}

/** Runs one crawler in a child process (its peak RSS is then its own) against the bench site. */
function runWorker(which: 'vigie' | 'crawlee', base: string): Promise<WorkerResult> {
  const dir = mkdtempSync(join(tmpdir(), `vigie-bench-${which}-`));
  return new Promise<WorkerResult>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', WORKER, which, base, String(CONCURRENCY), dir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          CRAWLEE_STORAGE_DIR: join(dir, 'crawlee-storage'),
          CRAWLEE_PERSIST_STORAGE: 'false',
        },
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      rmSync(dir, { recursive: true, force: true });
      const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (code !== 0 || !line)
        return reject(new Error(`${which} bench worker failed (exit ${code}): ${err.slice(-2000)}`));
      resolve(JSON.parse(line.slice('BENCH_RESULT '.length)) as WorkerResult);
    });
  });
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Vigie's http crawler (fetch, extraction, hashing, evidence files, politeness set generous) against
 * Crawlee's CheerioCrawler on the same local site of 2,000 ad pages, at the same concurrency.
 */
export async function runCrawlBench(opts: { log: (line: string) => void }): Promise<Record<string, number>> {
  const site = await startBenchSite();
  try {
    opts.log(
      `site: ${BENCH_PAGES + 1} pages (~3.5 KB, 5 links each) at ${site.url}; concurrency ${CONCURRENCY}`,
    );
    // Warm the server's code paths so neither crawler pays for it.
    await Promise.all(
      Array.from({ length: 200 }, (_, n) => fetch(`${site.url}/ad/${n}`).then((r) => r.arrayBuffer())),
    );
    const crawlee = await runWorker('crawlee', site.url);
    const vigie = await runWorker('vigie', site.url);
    for (const [name, r] of [
      ['crawlee', crawlee],
      ['vigie', vigie],
    ] as const) {
      if (r.pages < BENCH_PAGES) throw new Error(`${name} crawled ${r.pages} pages of ${BENCH_PAGES + 1}`);
    }
    const vigiePagesPerSec = (vigie.pages / vigie.ms) * 1000;
    const crawleePagesPerSec = (crawlee.pages / crawlee.ms) * 1000;
    const figures = {
      vigiePagesPerSec: round(vigiePagesPerSec),
      crawleePagesPerSec: round(crawleePagesPerSec),
      ratio: round(vigiePagesPerSec / crawleePagesPerSec, 2),
      vigiePeakRssMb: round(vigie.peakRssMb),
      crawleePeakRssMb: round(crawlee.peakRssMb),
    };
    opts.log('crawler                     pages   seconds   pages/s   peak RSS MB');
    opts.log(
      `Vigie http (evidence, robots) ${String(vigie.pages).padStart(5)} ${(vigie.ms / 1000).toFixed(2).padStart(9)} ${figures.vigiePagesPerSec.toFixed(1).padStart(9)} ${figures.vigiePeakRssMb.toFixed(1).padStart(13)}`,
    );
    opts.log(
      `Crawlee CheerioCrawler        ${String(crawlee.pages).padStart(5)} ${(crawlee.ms / 1000).toFixed(2).padStart(9)} ${figures.crawleePagesPerSec.toFixed(1).padStart(9)} ${figures.crawleePeakRssMb.toFixed(1).padStart(13)}`,
    );
    opts.log(`ratio Vigie / Crawlee: ${figures.ratio.toFixed(2)}×`);
    return figures;
  } finally {
    await site.close();
  }
}
