import {
  AppError,
  sourceHealth,
  UNHEALTHY_AFTER_FAILED_RUNS,
  type CrawlRun,
  type Source,
  type SourceHealth,
} from '../../domain/index.ts';
import type { JobFailure } from '../../jobs/types.ts';
import type { ServiceDeps, Viewer } from './context.ts';

export interface SourceSummary {
  id: string;
  name: string;
  kind: Source['kind'];
  startUrls: string[];
  paused: boolean;
  lastRun: CrawlRun | null;
  /** ok, failing (last run failed), unhealthy (the last few all failed) or unknown (never ran). */
  health: SourceHealth;
}

export interface SourceService {
  list(viewer: Viewer): Promise<SourceSummary[]>;
  get(viewer: Viewer, id: string): Promise<SourceSummary & { runs: CrawlRun[]; failures: JobFailure[] }>;
  /** Queues a crawl now; `enqueued: false` while one is already queued or running. */
  runNow(viewer: Viewer, id: string): Promise<{ enqueued: boolean }>;
  setPaused(viewer: Viewer, id: string, paused: boolean): Promise<SourceSummary>;
}

/** Sources declared in YAML, their operator state (pause) and crawl runs. */
export function createSourceService(deps: ServiceDeps): SourceService {
  const { store, queue, sources, now } = deps;
  const find = (id: string) => {
    const source = sources.find((s) => s.id === id);
    if (!source) throw new AppError('not_found', `no source ${id}`);
    return source;
  };
  const summary = async (source: Source): Promise<SourceSummary> => {
    const [state, runs] = await Promise.all([
      store.sourceStates.get(source.id),
      store.runs.listBySource(source.id, UNHEALTHY_AFTER_FAILED_RUNS + 1),
    ]);
    const lastRun = runs[0] ?? null;
    // Researchers see sources too: start URLs are public web pages, not personal data.
    return {
      id: source.id,
      name: source.name,
      kind: source.kind,
      startUrls: source.startUrls,
      paused: state?.paused ?? false,
      lastRun,
      health: sourceHealth(runs),
    };
  };
  const audit = (viewer: Viewer, action: string, id: string) =>
    store.audit.record({
      userId: viewer.id,
      action,
      target: `source:${id}`,
      details: {},
      at: now().toISOString(),
    });
  return {
    async list() {
      return Promise.all(sources.map(summary));
    },
    async get(_viewer, id) {
      const source = find(id);
      const [base, runs, failures] = await Promise.all([
        summary(source),
        store.runs.listBySource(id, 20),
        queue.failures ? queue.failures(50) : Promise.resolve([]),
      ]);
      return { ...base, runs, failures: failures.filter((f) => f.sourceId === id) };
    },
    async runNow(viewer, id) {
      find(id);
      const result = await queue.enqueueCrawl(id, 'manual');
      await audit(viewer, 'source_run_requested', id);
      return result;
    },
    async setPaused(viewer, id, paused) {
      const source = find(id);
      await store.sourceStates.setPaused(id, paused, now());
      await audit(viewer, paused ? 'source_paused' : 'source_resumed', id);
      return summary(source);
    },
  };
}
