import { afterEach, expect, it } from 'vitest';
import { AppError } from '../../domain/index.ts';
import type { JobFailure, JobQueue } from '../types.ts';
import { gate, RunRecorder, sleep, testSource, waitFor } from './helpers.ts';

/** Test-sized settings every adapter's factory must honour. */
export interface ContractQueueOptions {
  attempts: number;
  backoffMs: number;
  closeTimeoutMs: number;
  onFailed?: (failure: JobFailure) => void;
}

export type QueueFactory = (options: ContractQueueOptions) => JobQueue;

/** The behaviour every JobQueue adapter must show; call inside a `describe`. */
export function queueContract(makeQueue: QueueFactory): void {
  const opened: JobQueue[] = [];
  const create = (options: Partial<ContractQueueOptions> = {}) => {
    const queue = makeQueue({ attempts: 3, backoffMs: 100, closeTimeoutMs: 10_000, ...options });
    opened.push(queue);
    return queue;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((queue) => queue.close()));
  });

  it('runs a manually enqueued crawl with its reason and attempt 1', async () => {
    const queue = create();
    const rec = new RunRecorder();
    await queue.process(rec.handler());
    expect(await queue.enqueueCrawl('alpha', 'manual')).toEqual({ enqueued: true });
    await waitFor('the manual run', () => rec.finished('alpha') === 1);
    expect(rec.runs[0]).toMatchObject({ sourceId: 'alpha', reason: 'manual', attempt: 1 });
    await expect(queue.process(rec.handler())).rejects.toMatchObject({ code: 'conflict' });
  });

  it('keeps jobs enqueued before process() and refuses a second one for that source', async () => {
    const queue = create();
    expect(await queue.enqueueCrawl('alpha', 'start')).toEqual({ enqueued: true });
    expect(await queue.enqueueCrawl('alpha', 'manual')).toEqual({ enqueued: false });
    expect(await queue.enqueueCrawl('beta', 'manual')).toEqual({ enqueued: true });
    const rec = new RunRecorder();
    await queue.process(rec.handler());
    await waitFor('both runs', () => rec.finished('alpha') === 1 && rec.finished('beta') === 1);
    expect(rec.of('alpha').map((r) => r.reason)).toEqual(['start']);
  });

  it('rejects a malformed source id with a validation error and keeps the jobs it has', async () => {
    const queue = create();
    expect((await queue.enqueueCrawl('alpha', 'manual')).enqueued).toBe(true);
    for (const bad of ['', 'Alpha', 'a:b', '../x', 'x'.repeat(10) + ' y']) {
      await expect(queue.enqueueCrawl(bad, 'manual')).rejects.toMatchObject({ code: 'validation' });
    }
    const rec = new RunRecorder();
    await queue.process(rec.handler());
    await waitFor('alpha to run', () => rec.finished('alpha') === 1);
    expect(rec.runs.map((r) => r.sourceId)).toEqual(['alpha']);
  });

  it('refuses a crawl while one of that source runs, accepts it again afterwards', async () => {
    const queue = create();
    const rec = new RunRecorder();
    const hold = gate();
    await queue.process(rec.handler(() => hold.promise));
    expect((await queue.enqueueCrawl('alpha', 'manual')).enqueued).toBe(true);
    await waitFor('the run to start', () => rec.active.get('alpha') === 1);
    expect((await queue.enqueueCrawl('alpha', 'manual')).enqueued).toBe(false);
    hold.open();
    await waitFor('the run to end', () => rec.finished('alpha') === 1);
    // Completion bookkeeping may trail the handler's return by a moment.
    let accepted = false;
    for (let i = 0; i < 50 && !accepted; i++) {
      accepted = (await queue.enqueueCrawl('alpha', 'manual')).enqueued;
      if (!accepted) await sleep(20);
    }
    expect(accepted).toBe(true);
    await waitFor('the second run', () => rec.finished('alpha') === 2);
  });

  it('never runs one source twice at once under repeated enqueues and its schedule', async () => {
    const queue = create();
    const rec = new RunRecorder();
    await queue.process(rec.handler(() => sleep(150)));
    await queue.schedule([testSource('alpha', { every: '1s' })]);
    let accepted = 0;
    for (let i = 0; i < 60; i++) {
      if ((await queue.enqueueCrawl('alpha', 'manual')).enqueued) accepted++;
      await sleep(40);
    }
    await waitFor('runs to settle', () => rec.active.get('alpha') === 0 && rec.runs.length >= 3);
    expect(rec.maxActive.get('alpha')).toBe(1);
    expect(accepted).toBeGreaterThanOrEqual(2);
    expect(accepted).toBeLessThan(60);
  });

  it('runs different sources in parallel', async () => {
    const queue = create();
    const rec = new RunRecorder();
    const both = gate();
    await queue.process(
      rec.handler(async () => {
        if (rec.maxTotal >= 2) both.open();
        await Promise.race([both.promise, sleep(10_000)]);
      }),
    );
    await queue.enqueueCrawl('alpha', 'manual');
    await queue.enqueueCrawl('beta', 'manual');
    await waitFor('both runs', () => rec.finished('alpha') === 1 && rec.finished('beta') === 1);
    expect(rec.maxTotal).toBe(2);
  });

  it('runs a source on its `every` interval and a cron source on its pattern', async () => {
    const queue = create();
    const rec = new RunRecorder();
    await queue.process(rec.handler());
    await queue.schedule([
      testSource('ticker', { every: '1s' }),
      testSource('cronned', { cron: '* * * * * *' }),
    ]);
    await waitFor(
      'two scheduled runs of each',
      () => rec.of('ticker').length >= 2 && rec.of('cronned').length >= 2,
    );
    expect(rec.runs.every((r) => r.reason === 'schedule' && r.attempt === 1)).toBe(true);
  });

  it('replaces schedules: a source left out stops running, schedule([]) stops all', async () => {
    const queue = create();
    const rec = new RunRecorder();
    await queue.process(rec.handler());
    await queue.schedule([testSource('alpha', { every: '1s' }), testSource('beta', { every: '1s' })]);
    await waitFor('alpha and beta to run', () => rec.of('alpha').length >= 1 && rec.of('beta').length >= 1);
    await queue.schedule([testSource('beta', { every: '1s' })]);
    // A job of alpha produced just before the change may still run: count once beta ran again.
    const betaAt = rec.of('beta').length;
    await waitFor('beta to run again', () => rec.of('beta').length >= betaAt + 1);
    const alphaAt = rec.of('alpha').length;
    await waitFor('beta to run twice more', () => rec.of('beta').length >= betaAt + 3);
    expect(rec.of('alpha').length).toBe(alphaAt);

    await queue.schedule([]);
    await sleep(1200);
    const total = rec.runs.length;
    await sleep(2200);
    expect(rec.runs.length).toBe(total);
  });

  it('rejects a bad schedule with a clear error and keeps the schedules it had', async () => {
    const queue = create();
    const rec = new RunRecorder();
    await queue.process(rec.handler());
    await queue.schedule([testSource('alpha', { every: '1s' })]);
    const bad = { ...testSource('broken', { every: '1s' }), schedule: { cron: '61 * * * *' } };
    const error = await queue
      .schedule([testSource('beta', { every: '1s' }), bad])
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'validation' });
    expect((error as Error).message).toMatch(/broken: .*minute/i);
    const at = rec.of('alpha').length;
    await waitFor('alpha to keep running', () => rec.of('alpha').length >= at + 2);
    expect(rec.of('beta')).toHaveLength(0);
  });

  it('retries a throwing handler with exponential backoff, then records the failure', async () => {
    const failed: JobFailure[] = [];
    const queue = create({ attempts: 3, backoffMs: 200, onFailed: (f) => failed.push(f) });
    const rec = new RunRecorder();
    await queue.process(
      rec.handler(async (job) => {
        if (job.sourceId === 'alpha') throw new Error(`boom on try ${job.attempt}`);
        if (job.attempt === 1) throw new Error('flaky');
      }),
    );
    await queue.enqueueCrawl('alpha', 'manual');
    await queue.enqueueCrawl('beta', 'manual');
    await waitFor('the final failure', () => failed.length === 1);
    const tries = rec.of('alpha');
    expect(tries.map((r) => r.attempt)).toEqual([1, 2, 3]);
    // Backoff is behaviour, not speed: the waits are at least 200 ms then 400 ms.
    expect(tries[1]!.startedAt - tries[0]!.endedAt!).toBeGreaterThanOrEqual(190);
    expect(tries[2]!.startedAt - tries[1]!.endedAt!).toBeGreaterThanOrEqual(390);
    expect(failed[0]).toMatchObject({
      sourceId: 'alpha',
      reason: 'manual',
      attempts: 3,
      error: 'boom on try 3',
    });
    await waitFor('beta to succeed on its retry', () => rec.finished('beta') === 2);
    const failures = await queue.failures();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ sourceId: 'alpha', attempts: 3, error: 'boom on try 3' });
    expect(Date.parse(failures[0]!.failedAt)).not.toBeNaN();
    // A source that failed for good can be crawled again.
    expect((await queue.enqueueCrawl('alpha', 'manual')).enqueued).toBe(true);
  });

  it('close() waits for a running job, then nothing runs and enqueue is refused', async () => {
    const queue = create();
    const rec = new RunRecorder();
    const hold = gate();
    const events: string[] = [];
    await queue.process(
      rec.handler(async () => {
        await hold.promise;
        events.push('job ended');
      }),
    );
    await queue.schedule([testSource('alpha', { every: '1s' })]);
    await queue.enqueueCrawl('beta', 'manual');
    await waitFor('beta to run', () => rec.active.get('beta') === 1);
    const closing = queue.close().then(() => events.push('closed'));
    await sleep(300);
    expect(events).toEqual([]);
    hold.open();
    await closing;
    expect(events).toContain('job ended');
    expect(events.at(-1)).toBe('closed');
    const runs = rec.runs.length;
    await sleep(2500);
    expect(rec.runs.length).toBe(runs);
    await expect(queue.enqueueCrawl('beta', 'manual')).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('close() gives up on a job after its timeout and aborts its signal', async () => {
    const queue = create({ closeTimeoutMs: 300 });
    let signal: AbortSignal | undefined;
    const rec = new RunRecorder();
    await queue.process(
      rec.handler(async (job) => {
        signal = job.signal;
        await new Promise((resolve) => job.signal?.addEventListener('abort', resolve));
      }),
    );
    await queue.enqueueCrawl('alpha', 'manual');
    await waitFor('the run to start', () => signal !== undefined);
    expect(signal!.aborted).toBe(false);
    await queue.close();
    expect(signal!.aborted).toBe(true);
  });
}
