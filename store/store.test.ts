import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll } from 'vitest';
import { alertsContract } from './contract/alerts.contract.ts';
import type { StoreContract } from './contract/fixtures.ts';
import { httpCacheContract } from './contract/http-cache.contract.ts';
import { listingsContract } from './contract/listings.contract.ts';
import { runsContract } from './contract/runs.contract.ts';
import { sourceStatesContract } from './contract/source-states.contract.ts';
import { triageContract } from './contract/triage.contract.ts';
import { openMongoStore } from './mongo/index.ts';
import { openSqliteStore } from './sqlite/index.ts';
import type { Store } from './types.ts';

/** Every contract runs against every adapter: add a contract here, one line. */
const contracts: StoreContract[] = [
  listingsContract,
  runsContract,
  sourceStatesContract,
  httpCacheContract,
  alertsContract,
  triageContract,
];

const dir = mkdtempSync(join(tmpdir(), 'vigie-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let opened = 0;

const adapters: { name: string; open: () => Promise<Store> }[] = [
  { name: 'sqlite', open: () => openSqliteStore(join(dir, `store-${++opened}.db`)) },
];

const mongoUrl = process.env.MONGODB_URL;
if (mongoUrl) {
  adapters.push({
    name: 'mongodb',
    async open() {
      const database = `vigie_test_${process.pid}_${++opened}`;
      const store = await openMongoStore(mongoUrl, database);
      return {
        ...store,
        async close() {
          await store.close();
          const client = await MongoClient.connect(mongoUrl);
          try {
            await client.db(database).dropDatabase();
          } finally {
            await client.close();
          }
        },
      };
    },
  });
} else {
  console.warn('MongoDB store contract NOT run: MONGODB_URL is not set (SQLite contract runs alone).');
}

for (const adapter of adapters) {
  for (const contract of contracts) contract(adapter.name, adapter.open);
}
