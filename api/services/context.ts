import type { EvidenceStore } from '../../crawlers/types.ts';
import type { Config } from '../../config/schema.ts';
import type { Logger, Source } from '../../domain/index.ts';
import type { JobQueue } from '../../jobs/types.ts';
import type { Store } from '../../store/types.ts';
import type { SessionUser } from '../env.ts';

/** What every service is built from. */
export interface ServiceDeps {
  store: Store;
  queue: JobQueue;
  sources: Source[];
  config: Config;
  logger: Logger;
  evidence?: EvidenceStore;
  /** Secret for researchers' stable pseudonyms (HMAC key). */
  pseudonymKey: Buffer;
  now: () => Date;
}

/** Who is asking: services scope and pseudonymise by role. */
export type Viewer = SessionUser;
