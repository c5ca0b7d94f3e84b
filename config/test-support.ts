import { isAppError } from '../domain/errors.ts';

/** The message of the AppError('config') that `run` throws; fails the test when it throws nothing. */
export function configErrorMessage(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (isAppError(err, 'config')) return err.message;
    throw err;
  }
  throw new Error('expected a config error');
}
