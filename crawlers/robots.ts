import robotsParserModule from 'robots-parser';
import type { Logger } from '../domain/index.ts';
import { crawlDetails } from './errors.ts';

export interface RobotsVerdict {
  allowed: boolean;
  /** Crawl-delay for our user agent, in ms (0 when none). */
  crawlDelayMs: number;
  /** Why everything is disallowed when robots.txt could not be read (the same error for every URL of the host). */
  unreachable?: unknown;
}

export interface RobotsCache {
  check(url: string): Promise<RobotsVerdict>;
}

// robots-parser is CommonJS (`module.exports = fn`) while its typings declare an ES default export.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;
type Rules = ReturnType<typeof robotsParser>;

/** What a robots.txt fetch gave: its text, or the HTTP status / failure that replaced it. */
export type RobotsAnswer = { status: number; text: string } | { error: unknown };

/**
 * robots.txt per origin, fetched once per run. RFC 9309: a 4xx means no rules; a 5xx or an
 * unreachable server means "disallow everything" for now.
 */
export function createRobotsCache(opts: {
  userAgent: string;
  fetchRobots: (robotsUrl: string) => Promise<RobotsAnswer>;
  logger: Logger;
}): RobotsCache {
  const token = opts.userAgent.split(/[/\s]/)[0] || '*';
  const byOrigin = new Map<string, Promise<Rules | 'allow-all' | { unreachable: unknown }>>();

  async function load(robotsUrl: string): Promise<Rules | 'allow-all' | { unreachable: unknown }> {
    const answer = await opts.fetchRobots(robotsUrl);
    if ('error' in answer) {
      const status = crawlDetails(answer.error)?.status;
      if (status !== undefined && status >= 400 && status < 500) return 'allow-all';
      opts.logger.warn(
        { robotsUrl, err: String(answer.error) },
        'robots.txt unreachable: disallowing the host for this run',
      );
      return { unreachable: answer.error };
    }
    return robotsParser(robotsUrl, answer.text);
  }

  return {
    async check(url) {
      const { origin } = new URL(url);
      let rules = byOrigin.get(origin);
      if (!rules) {
        rules = load(`${origin}/robots.txt`);
        byOrigin.set(origin, rules);
      }
      const resolved = await rules;
      if (resolved === 'allow-all') return { allowed: true, crawlDelayMs: 0 };
      if ('unreachable' in resolved)
        return { allowed: false, crawlDelayMs: 0, unreachable: resolved.unreachable };
      const delay = resolved.getCrawlDelay(token);
      return {
        allowed: resolved.isAllowed(url, token) !== false,
        crawlDelayMs: typeof delay === 'number' && delay > 0 ? delay * 1000 : 0,
      };
    },
  };
}
