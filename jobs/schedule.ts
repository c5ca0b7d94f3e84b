import { Cron } from 'croner';
import { AppError, sourceSchema, type Source } from '../domain/index.ts';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Milliseconds of a duration like "30s", "15m", "1h" (the `every` of a source's schedule). */
export function parseDuration(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(text);
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : NaN;
  if (!Number.isSafeInteger(ms) || ms <= 0) {
    throw new AppError('validation', `"${text}" is not a duration like "30s", "15m" or "1h"`);
  }
  return ms;
}

/** A source's schedule in the form both adapters use. */
export type Trigger = { every: number } | { pattern: string };

/**
 * Checks every source's schedule before anything is replaced, so a bad one changes nothing;
 * returns the triggers by source id.
 */
export function triggersOf(sources: Source[]): Map<string, Trigger> {
  const triggers = new Map<string, Trigger>();
  const problems: string[] = [];
  for (const source of sources) {
    if (triggers.has(source.id)) {
      problems.push(`${source.id}: listed twice`);
      continue;
    }
    try {
      triggers.set(source.id, triggerOf(source));
    } catch (err) {
      problems.push(`${source.id}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (problems.length > 0) {
    throw new AppError('validation', `bad schedule: ${problems.join('; ')}`, { details: problems });
  }
  return triggers;
}

function triggerOf(source: Source): Trigger {
  const { cron, every } = source.schedule;
  if (every !== undefined && cron === undefined) return { every: parseDuration(every) };
  if (cron !== undefined && every === undefined) {
    // BullMQ's cron-parser takes 5 or 6 fields; croner would also take a 7th (year).
    const fields = cron.trim().split(/\s+/).length;
    if (fields < 5 || fields > 6) throw new AppError('validation', `cron "${cron}" needs 5 or 6 fields`);
    // Building a paused job only validates; croner throws naming the bad field.
    new Cron(cron, { paused: true }).stop();
    return { pattern: cron };
  }
  throw new AppError('validation', 'give exactly one of cron or every');
}

/** Refuses a crawl request for something that cannot be a source id (it would end up in Redis keys and logs). */
export function assertSourceId(sourceId: string): void {
  const result = sourceSchema.shape.id.safeParse(sourceId);
  if (!result.success) {
    throw new AppError(
      'validation',
      `"${sourceId.slice(0, 80)}" is not a source id (lowercase letters, digits and dashes)`,
    );
  }
}

/** Wait before retry number `attempt` + 1: `baseMs`, then doubling (BullMQ's exponential backoff). */
export function retryDelay(attempt: number, baseMs: number): number {
  return baseMs * 2 ** (attempt - 1);
}
