import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isAppError } from '../domain/errors.ts';
import { loadConfig } from '../config/load.ts';
import type { Config } from '../config/schema.ts';

/** Options every command that loads the configuration accepts. */
export const configOptions = {
  config: { type: 'string', short: 'c' },
} satisfies ParseArgsConfig['options'];

export const configHelp = `  -c, --config FILE   YAML configuration file (default: $VIGIE_CONFIG, else built-in defaults)`;

/** Parses a command's arguments; a usage error is reported on stderr and yields null (exit 2). */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  args: string[],
  options: O,
) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    console.error(`vigie ${command}: ${(err as Error).message}\nRun \`vigie ${command} --help\` for usage.`);
    return null;
  }
}

/** Loads the configuration or explains on stderr why it is invalid (the caller exits with 2). */
export function loadConfigOrExplain(file: string | undefined): Config | null {
  try {
    return loadConfig({ file });
  } catch (err) {
    if (isAppError(err, 'config')) {
      console.error(`vigie: ${err.message}`);
      return null;
    }
    throw err;
  }
}
