import type { Logger } from '../domain/logger.ts';

/** Resolves once SIGINT/SIGTERM arrived and `stop` finished; a second signal exits at once. */
export function onShutdown(logger: Logger, stop: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const handle = (signal: NodeJS.Signals) => {
      if (stopping) {
        logger.warn({ signal }, 'second signal: exiting now');
        process.exit(130);
      }
      stopping = true;
      logger.info({ signal }, 'shutting down: finishing running jobs');
      stop()
        .catch((err) => logger.error({ err }, 'error during shutdown'))
        .finally(() => {
          logger.info('stopped');
          resolve();
        });
    };
    // `on`, not `once`: a second Ctrl-C must reach `handle`, not Node's default (or Playwright's) exit.
    process.on('SIGINT', handle);
    process.on('SIGTERM', handle);
  });
}
