import { z } from 'zod';

const logLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const portSchema = z.coerce.number().int().min(0).max(65535);
const probability = z.coerce.number().min(0).max(1);

/** Every setting of Vigie, with its default. Sources: defaults < YAML file (--config) < environment. */
export const configSchema = z.object({
  http: z
    .object({
      host: z.string().min(1).default('127.0.0.1'),
      port: portSchema.default(8080),
    })
    .prefault({}),
  /** SQLite file, evidence files and the trained model live here. */
  dataDir: z.string().min(1).default('./data'),
  store: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('sqlite'), path: z.string().min(1).optional() }),
      z.object({
        kind: z.literal('mongodb'),
        url: z.string().regex(/^mongodb(\+srv)?:\/\//, 'a mongodb:// or mongodb+srv:// URL'),
        database: z.string().min(1).default('vigie'),
      }),
    ])
    .default({ kind: 'sqlite' }),
  queue: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('inline') }),
      z.object({
        kind: z.literal('bullmq'),
        redisUrl: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL'),
        /** Crawl jobs processed at once by one worker. */
        concurrency: z.coerce.number().int().positive().default(2),
      }),
    ])
    .default({ kind: 'inline' }),
  /** Retries of a failed crawl job: `attempts` tries in all, waiting `backoffMs`, then doubling. */
  retry: z
    .object({
      attempts: z.coerce.number().int().min(1).max(20).default(3),
      backoffMs: z.coerce.number().int().min(0).max(86_400_000).default(30_000),
    })
    .prefault({}),
  /** A directory of source YAML files, or one file. */
  sources: z.string().min(1).default('config/sources'),
  /** Start the bundled demo sites on 127.0.0.1 (their sources use ${demo.NAME} URLs). */
  demo: z
    .object({
      enabled: z.boolean().default(true),
      /** First port of the five demo sites (port … port+4), fixed so listing links survive restarts; 0 = free ports. */
      port: portSchema.default(8081),
    })
    .prefault({}),
  /** Crawl every source once at start-up instead of waiting for its first scheduled time. */
  crawlOnStart: z.boolean().default(true),
  alerts: z
    .object({
      marketThreshold: probability.default(0.5),
      productionThreshold: probability.default(0.5),
    })
    .prefault({}),
  crawler: z
    .object({
      userAgent: z
        .string()
        .min(1)
        .default('VigieBot/0.1 (+https://vigie.invalid/bot; Brussels prevention monitoring)'),
      chromiumPath: z.string().min(1).optional(),
    })
    .prefault({}),
  /**
   * Failed logins: past `maxFailuresPerUser` for one username or `maxFailuresPerAddress` from one
   * client address within `windowSeconds`, logins answer 429 until the window ends. Counted in
   * memory, per API process. `trustProxy`: take the client address from the last X-Forwarded-For
   * hop (only behind a reverse proxy that sets it; otherwise clients could pick their address).
   */
  login: z
    .object({
      maxFailuresPerUser: z.coerce.number().int().min(1).max(1000).default(5),
      maxFailuresPerAddress: z.coerce.number().int().min(1).max(100_000).default(20),
      windowSeconds: z.coerce.number().int().min(1).max(86_400).default(900),
      trustProxy: z.boolean().default(false),
    })
    .prefault({}),
  logLevel: logLevelSchema.default('info'),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
