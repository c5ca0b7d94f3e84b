import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { AppError } from '../domain/errors.ts';
import { configSchema, type Config } from './schema.ts';

type Env = Record<string, string | undefined>;

/** Environment variables and the config path each one sets. */
const ENV_PATHS: Record<string, string[]> = {
  VIGIE_HOST: ['http', 'host'],
  VIGIE_PORT: ['http', 'port'],
  VIGIE_DATA_DIR: ['dataDir'],
  VIGIE_SOURCES: ['sources'],
  VIGIE_DEMO: ['demo', 'enabled'],
  VIGIE_DEMO_PORT: ['demo', 'port'],
  VIGIE_CRAWL_ON_START: ['crawlOnStart'],
  VIGIE_MARKET_THRESHOLD: ['alerts', 'marketThreshold'],
  VIGIE_PRODUCTION_THRESHOLD: ['alerts', 'productionThreshold'],
  VIGIE_USER_AGENT: ['crawler', 'userAgent'],
  VIGIE_CHROMIUM_PATH: ['crawler', 'chromiumPath'],
  VIGIE_LOG_LEVEL: ['logLevel'],
  VIGIE_WORKER_CONCURRENCY: ['queue', 'concurrency'],
  VIGIE_RETRY_ATTEMPTS: ['retry', 'attempts'],
  VIGIE_RETRY_BACKOFF_MS: ['retry', 'backoffMs'],
  VIGIE_LOGIN_MAX_FAILURES_PER_USER: ['login', 'maxFailuresPerUser'],
  VIGIE_LOGIN_MAX_FAILURES_PER_ADDRESS: ['login', 'maxFailuresPerAddress'],
  VIGIE_LOGIN_WINDOW_SECONDS: ['login', 'windowSeconds'],
  VIGIE_TRUST_PROXY: ['login', 'trustProxy'],
};

/** Documented list of environment variables (README, --help). */
export const ENVIRONMENT_VARIABLES = [...Object.keys(ENV_PATHS), 'MONGODB_URL', 'REDIS_URL', 'VIGIE_CONFIG'];

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    node = (typeof next === 'object' && next !== null ? next : (node[key] = {})) as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

const BOOLEAN_VARIABLES = new Set(['VIGIE_DEMO', 'VIGIE_CRAWL_ON_START', 'VIGIE_TRUST_PROXY']);

/** Booleans from the environment: "false"/"0"/"no" must not coerce to true; anything else stays a string. */
function envValue(name: string, raw: string): unknown {
  if (!BOOLEAN_VARIABLES.has(name)) return raw;
  if (/^(false|0|no|off)$/i.test(raw)) return false;
  if (/^(true|1|yes|on)$/i.test(raw)) return true;
  return raw;
}

function readYamlFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new AppError('config', `cannot read config file ${path}: ${(cause as Error).message}`, { cause });
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (cause) {
    throw new AppError('config', `config file ${path} is not valid YAML: ${(cause as Error).message}`, {
      cause,
    });
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AppError('config', `config file ${path} must hold a YAML mapping at the top level`);
  }
  return parsed as Record<string, unknown>;
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let node = input;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** One line per problem: the field, the value given and what was expected. */
export function describeConfigIssues(error: z.ZodError, input: unknown): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.join('.') || '(root)';
      const given = valueAt(input, issue.path);
      const shown = given === undefined ? 'missing' : JSON.stringify(given);
      return `  ${field}: got ${shown}, expected ${issue.message}`;
    })
    .join('\n');
}

export interface LoadConfigOptions {
  /** Path of a YAML config file; defaults to $VIGIE_CONFIG. */
  file?: string;
  env?: Env;
  /** Settings that win over everything (tests, CLI flags). */
  overrides?: Record<string, unknown>;
}

/** The only reader of process.env: defaults < YAML file < environment < overrides. Throws AppError('config'). */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const file = options.file ?? env.VIGIE_CONFIG;
  const input: Record<string, unknown> = file ? readYamlFile(file) : {};

  if (env.MONGODB_URL) input.store = { ...(input.store as object), kind: 'mongodb', url: env.MONGODB_URL };
  if (env.REDIS_URL) input.queue = { ...(input.queue as object), kind: 'bullmq', redisUrl: env.REDIS_URL };
  for (const [name, path] of Object.entries(ENV_PATHS)) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') setPath(input, path, envValue(name, raw));
  }
  for (const [key, value] of Object.entries(options.overrides ?? {})) setPath(input, key.split('.'), value);

  const result = configSchema.safeParse(input);
  if (!result.success) {
    throw new AppError(
      'config',
      `invalid configuration${file ? ` (${file} and environment)` : ''}:\n${describeConfigIssues(result.error, input)}`,
      {
        details: result.error.issues,
      },
    );
  }
  return result.data;
}
