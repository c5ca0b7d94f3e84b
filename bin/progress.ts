import type { CrawlProgress } from '../crawlers/types.ts';

/** A one-line progress bar on stderr (redrawn on a TTY, a line every few seconds otherwise). */
export function createProgressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  let lastLine = 0;
  return {
    update(progress: CrawlProgress) {
      const total = Math.max(progress.maxPages, 1);
      const done = Math.min(progress.pagesFetched, total);
      const width = 30;
      const filled = Math.round((done / Math.max(Math.min(total, done + progress.queued), 1)) * width);
      const bar = '█'.repeat(Math.min(filled, width)).padEnd(width, '░');
      const text = `${label} ${bar} ${progress.pagesFetched} pages, ${progress.queued} queued, ${progress.listings} listings`;
      if (stream.isTTY) {
        stream.write(`\r${text}\x1b[K`);
      } else if (Date.now() - lastLine > 2000) {
        lastLine = Date.now();
        stream.write(`${text}\n`);
      }
    },
    done() {
      if (stream.isTTY) stream.write('\n');
    },
  };
}
