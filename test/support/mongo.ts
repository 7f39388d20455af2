import pino from 'pino';
import { connectMongoStore } from '../../server/store/mongo/mongo-store.js';
import type { FieldCipher } from '../../server/privacy/field-cipher.js';
import type { Store } from '../../server/store/store.js';
import { MongoWireServer } from './mongo-wire-server.js';
import { STORE_TIMEOUT_MS } from './timeouts.js';

export const quietLog = pino({ level: 'silent' });

/**
 * A MongoDB for a test: the one at MONGODB_URI when it is set (a real mongod), otherwise the
 * wire-protocol test server. `uri(db)` names a database, so tests don't see each other's data.
 */
export interface TestMongo {
  kind: 'mongod' | 'wire-test-server';
  uri(db: string): string;
  /** The wire test server, for tests that stop or pause it; undefined against a real mongod. */
  wire?: MongoWireServer;
  close(): Promise<void>;
}

export async function startMongo(options: { replicaSet?: string } = {}): Promise<TestMongo> {
  const external = process.env.MONGODB_URI;
  if (external) {
    return {
      kind: 'mongod',
      uri: (db) => {
        const url = new URL(external);
        url.pathname = `/${db}`;
        return url.toString();
      },
      close: async () => {},
    };
  }
  const wire = await MongoWireServer.start(options);
  return { kind: 'wire-test-server', uri: (db) => wire.uri(db), wire, close: () => wire.close() };
}

let dbCounter = 0;
export const uniqueDb = (prefix: string) => `${prefix}_${process.pid}_${Date.now().toString(36)}_${++dbCounter}`;

export function openMongoStore(uri: string, operationTimeoutMs = STORE_TIMEOUT_MS, cipher?: FieldCipher): Promise<Store> {
  return connectMongoStore({ uri, operationTimeoutMs, log: quietLog, ...(cipher ? { cipher } : {}) });
}
