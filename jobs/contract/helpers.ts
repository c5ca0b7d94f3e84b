import { sourceSchema, type Source } from '../../domain/index.ts';
import type { CrawlJob, CrawlJobHandler } from '../types.ts';

/** A source with the given schedule (what the sources' YAML would give). */
export function testSource(id: string, schedule: { every: string } | { cron: string }): Source {
  return sourceSchema.parse({
    id,
    name: id,
    kind: 'feed',
    startUrls: [`http://127.0.0.1:9/${id}.xml`],
    schedule,
    extract: { kind: 'feed' },
  });
}

/** Polls `check` until it is true; fails naming `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Records every run a handler sees and how many ran at once, per source and overall. */
export class RunRecorder {
  readonly runs: (CrawlJob & { startedAt: number; endedAt?: number })[] = [];
  readonly active = new Map<string, number>();
  readonly maxActive = new Map<string, number>();
  maxTotal = 0;
  private total = 0;

  /** Wraps `body` so each call is recorded. */
  handler(body: (job: CrawlJob) => Promise<void> = async () => {}): CrawlJobHandler {
    return async (job) => {
      const run = { ...job, startedAt: Date.now(), endedAt: undefined as number | undefined };
      this.runs.push(run);
      const now = (this.active.get(job.sourceId) ?? 0) + 1;
      this.active.set(job.sourceId, now);
      this.maxActive.set(job.sourceId, Math.max(now, this.maxActive.get(job.sourceId) ?? 0));
      this.maxTotal = Math.max(this.maxTotal, ++this.total);
      try {
        await body(job);
      } finally {
        this.total--;
        this.active.set(job.sourceId, (this.active.get(job.sourceId) ?? 1) - 1);
        run.endedAt = Date.now();
      }
    };
  }

  of(sourceId: string, reason?: CrawlJob['reason']) {
    return this.runs.filter((r) => r.sourceId === sourceId && (reason === undefined || r.reason === reason));
  }

  finished(sourceId: string): number {
    return this.of(sourceId).filter((r) => r.endedAt !== undefined).length;
  }
}

/** A promise a test resolves by hand, to hold a handler in its run. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}
