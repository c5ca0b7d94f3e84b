/** A subcommand of `vigie`: its help text and what it runs; `run` resolves to the process exit code. */
export interface Command {
  summary: string;
  help: string;
  run(args: string[]): Promise<number>;
}

const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./serve.ts')).command,
  worker: async () => (await import('./worker.ts')).command,
  crawl: async () => (await import('./crawl.ts')).command,
  user: async () => (await import('./user.ts')).command,
  classifier: async () => (await import('./classifier.ts')).command,
};

async function usage(): Promise<string> {
  const lines = ['Usage: vigie <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(COMMANDS))
    lines.push(`  ${name.padEnd(12)}${(await load()).summary}`);
  lines.push('', 'Run `vigie <command> --help` for the options of one command.');
  return lines.join('\n');
}

/** Entry point of the `vigie` CLI; returns the exit code (2 = bad usage or configuration). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(await usage());
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    console.error(`vigie: unknown command "${name}"\n\n${await usage()}`);
    return 2;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help);
    return 0;
  }
  return command.run(rest);
}
