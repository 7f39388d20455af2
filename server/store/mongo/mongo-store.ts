import { mongo, Mongoose } from 'mongoose';
import type { Logger } from 'pino';
import { AppError, ErrorCode } from '../../../shared/errors.js';
import { timeLeft } from '../../core/deadline.js';
import { errorForLog } from '../../infra/safe-error.js';
import type { FieldCipher } from '../../privacy/field-cipher.js';
import { Sealer } from '../../privacy/sealed-fields.js';
import type { Store } from '../store.js';
import { createModels } from './mongo-models.js';
import { MongoUsers, MongoConversations, MongoMessages, MongoMentorships } from './mongo-chat.repositories.js';
import { MongoStandings, MongoReports, MongoHeld, MongoAudit } from './mongo-moderation.repositories.js';
import { MongoAccessLog, MongoPersonalData, MongoRetention } from './mongo-privacy.repositories.js';
import { MongoContacts, MongoEscalations, MongoOnCall, MongoOutbox, MongoPolicies, MongoShifts } from './mongo-escalation.repositories.js';
import { MongoProfiles, MongoRequests } from './mongo-matching.repositories.js';
import { MongoSafetyExamples } from './mongo-safety.repositories.js';

const { MongoNetworkError, MongoServerSelectionError, MongoNotConnectedError, MongoTopologyClosedError, MongoServerClosedError, MongoError } = mongo;

export interface MongoStoreOptions {
  uri: string;
  /** Every store call answers within this time, or fails UNAVAILABLE. */
  operationTimeoutMs: number;
  log: Logger;
  /** Message bodies and other free text are stored encrypted with it (MESSAGE_ENCRYPTION_KEY[S]). */
  cipher?: FieldCipher;
}

// Socket errors the driver sometimes lets through unwrapped (a write racing a closed connection).
const NETWORK_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTCONN']);

/** Errors that mean "MongoDB cannot be reached right now" (network, selection, pool), as opposed to a bad query. */
function isUnreachable(err: unknown): boolean {
  if (NETWORK_CODES.has(String((err as { code?: unknown })?.code))) return true;
  if (
    err instanceof MongoNetworkError ||
    err instanceof MongoServerSelectionError ||
    err instanceof MongoNotConnectedError ||
    err instanceof MongoTopologyClosedError ||
    err instanceof MongoServerClosedError
  ) {
    return true;
  }
  return err instanceof MongoError && (err.hasErrorLabel('RetryableWriteError') || err.hasErrorLabel('ResetPool'));
}

/**
 * Bounds every repository call: past `timeoutMs`, or when the driver cannot reach MongoDB, it fails
 * with UNAVAILABLE (retryable). A write that completes after its timeout is harmless: the client's
 * retry finds it through its clientMessageId.
 */
function bounded<T extends object>(repository: T, timeoutMs: number, log: Logger): T {
  // A proxy, so only calls from outside are bounded; the repository's calls to itself go straight through.
  return new Proxy(repository, {
    get(target, property, receiver) {
      const method = Reflect.get(target, property, receiver) as unknown;
      if (typeof method !== 'function') return method;
      return (...args: unknown[]) => {
        let timer: NodeJS.Timeout | undefined;
        // Within a command, the time its earlier store calls left over (see core/deadline.ts).
        const allowed = timeLeft(timeoutMs);
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new AppError(ErrorCode.UNAVAILABLE, 'The message store did not answer in time; please retry')), Math.max(0, allowed));
        });
        const work = Promise.resolve(method.apply(target, args)).catch((err: unknown) => {
          if (err instanceof AppError) throw err;
          if (isUnreachable(err)) {
            log.warn({ error: errorForLog(err) }, 'store unreachable');
            throw new AppError(ErrorCode.UNAVAILABLE, 'The message store is unavailable; please retry', { cause: err });
          }
          throw err;
        });
        return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
      };
    },
  });
}

/**
 * MongoDB through mongoose. Connects (retrying until it succeeds), creates the indexes, and from
 * then on lets the driver reconnect by itself after an outage.
 */
export async function connectMongoStore(options: MongoStoreOptions): Promise<Store> {
  const { log, operationTimeoutMs } = options;
  const mongoose = new Mongoose();
  // Defence in depth: any operator object in a filter is neutralised unless the repository marks it trusted().
  mongoose.set('sanitizeFilter', true);
  mongoose.set('strictQuery', 'throw');
  const conn = mongoose.createConnection();
  conn.on('error', (err) => log.warn({ error: errorForLog(err) }, 'mongodb connection error'));
  conn.on('disconnected', () => log.warn('mongodb disconnected'));
  conn.on('reconnected', () => log.info('mongodb reconnected'));

  for (let attempt = 1; ; attempt++) {
    try {
      await conn.openUri(options.uri, {
        bufferCommands: false,
        autoIndex: false,
        autoCreate: false,
        serverSelectionTimeoutMS: operationTimeoutMs,
        heartbeatFrequencyMS: 2000,
        maxPoolSize: 20,
      });
      break;
    } catch (err) {
      const waitMs = Math.min(10_000, 500 * attempt);
      log.warn({ error: errorForLog(err), attempt, waitMs }, 'cannot reach mongodb yet; retrying');
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }
  const models = createModels(conn);
  await Promise.all(Object.values(models).map((model) => model.createIndexes()));
  log.info('mongodb connected; indexes ensured');

  const wrap = <T extends object>(repository: T): T => bounded(repository, operationTimeoutMs, log);
  const sealer = new Sealer(options.cipher);
  return {
    kind: 'mongodb',
    users: wrap(new MongoUsers(models)),
    conversations: wrap(new MongoConversations(models)),
    messages: wrap(new MongoMessages(models, sealer)),
    mentorships: wrap(new MongoMentorships(models)),
    standings: wrap(new MongoStandings(models)),
    reports: wrap(new MongoReports(models, sealer)),
    held: wrap(new MongoHeld(models, sealer)),
    audit: wrap(new MongoAudit(models)),
    escalations: wrap(new MongoEscalations(models, sealer)),
    onCall: wrap(new MongoOnCall(models)),
    shifts: wrap(new MongoShifts(models)),
    contacts: wrap(new MongoContacts(models)),
    outbox: wrap(new MongoOutbox(models)),
    policies: wrap(new MongoPolicies(models)),
    profiles: wrap(new MongoProfiles(models)),
    requests: wrap(new MongoRequests(models, sealer)),
    safetyExamples: wrap(new MongoSafetyExamples(models, sealer)),
    accessLog: wrap(new MongoAccessLog(models)),
    personalData: wrap(new MongoPersonalData(models, sealer)),
    retention: wrap(new MongoRetention(models)),
    async isReady() {
      if (conn.readyState !== 1 || !conn.db) return false;
      const ping = conn.db.admin().ping();
      const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), Math.min(1000, operationTimeoutMs)).unref());
      return Promise.race([ping.then(() => true, () => false), timeout]);
    },
    async close() {
      await conn.close(true);
    },
  };
}
