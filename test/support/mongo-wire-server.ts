/**
 * A small MongoDB wire-protocol server for tests, on `bson` and `mingo`: no mongod can be installed
 * on our development and CI machines. It answers OP_MSG (and the legacy OP_QUERY handshake) for the
 * commands mongoose and the driver send, keeps data in memory, enforces unique indexes with E11000,
 * and can present itself as a one-member replica set. Test code only: nothing in server/ imports it.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { BSON, EJSON, Long, ObjectId, type Document } from 'bson';
import { Aggregator, Query, update as applyUpdate } from 'mingo';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;
const MORE_TO_COME = 1 << 1;
const CHECKSUM_PRESENT = 1;

interface IndexSpec {
  name: string;
  key: Record<string, 1 | -1>;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
}

interface Collection {
  docs: Document[];
  indexes: IndexSpec[];
  /** Equality lookups on `_id` and on the first field of each index: field → value key → documents. */
  lookups: Map<string, Map<string, Set<Document>>>;
}

/** A comparable key for a plain value, or undefined for values the lookups do not cover. */
function lookupKey(value: unknown): string | undefined {
  if (typeof value === 'string') return `s:${value}`;
  if (typeof value === 'number') return `n:${value}`;
  if (value instanceof ObjectId) return `o:${value.toHexString()}`;
  return undefined;
}

function addToLookups(coll: Collection, doc: Document) {
  for (const [field, map] of coll.lookups) {
    const key = lookupKey(getPath(doc, field));
    if (key === undefined) continue;
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(doc);
  }
}

function removeFromLookups(coll: Collection, doc: Document) {
  for (const [field, map] of coll.lookups) {
    const key = lookupKey(getPath(doc, field));
    if (key !== undefined) map.get(key)?.delete(doc);
  }
}

/** The documents a filter can match: narrowed by a lookup on a plain equality where there is one. */
function candidates(coll: Collection, filter: Document): Document[] {
  let best: Set<Document> | undefined;
  for (const [field, map] of coll.lookups) {
    if (!(field in filter)) continue;
    const key = lookupKey(filter[field]);
    if (key === undefined) continue;
    const set = map.get(key) ?? new Set<Document>();
    if (!best || set.size < best.size) best = set;
  }
  if (!best) return coll.docs;
  // Keep insertion order, as a scan would.
  return best.size > 64 ? coll.docs.filter((d) => best!.has(d)) : [...best];
}

interface Cursor {
  ns: string;
  remaining: Document[];
}

class CommandError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    readonly extra: Document = {},
  ) {
    super(message);
  }
}

export interface MongoWireServerOptions {
  /** Present as a one-member replica set with this name. */
  replicaSet?: string;
  port?: number;
}

export class MongoWireServer {
  private readonly dbs = new Map<string, Map<string, Collection>>();
  private readonly cursors = new Map<bigint, Cursor>();
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  private nextCursorId = 1n;
  private nextConnectionId = 1;
  private paused = false;
  private held: Array<() => void> = [];
  /** Every command name received, for tests that check what the driver sent. */
  readonly received: string[] = [];

  private constructor(
    private readonly options: MongoWireServerOptions,
    public port: number,
  ) {}

  static async start(options: MongoWireServerOptions = {}): Promise<MongoWireServer> {
    const server = new MongoWireServer(options, options.port ?? 0);
    await server.listen();
    return server;
  }

  /** A connection string for mongoose; `db` names the database. */
  uri(db = 'test'): string {
    const query = this.options.replicaSet ? `replicaSet=${this.options.replicaSet}` : 'directConnection=true';
    return `mongodb://127.0.0.1:${this.port}/${db}?${query}`;
  }

  /** Stop answering: requests are held (connections stay open), as with a hung or partitioned server. */
  pause(): void {
    this.paused = true;
  }

  /** Answer again, held requests first. */
  resume(): void {
    this.paused = false;
    for (const run of this.held.splice(0)) run();
  }

  /** Go away entirely: refuse connections and drop the open ones. Data is kept for restart(). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.held = [];
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listen again on the same port. */
  async restart(): Promise<void> {
    if (!this.server) await this.listen();
  }

  async close(): Promise<void> {
    await this.stop();
  }

  private listen(): Promise<void> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        this.port = (server.address() as { port: number }).port;
        resolve();
      });
    });
  }

  private accept(socket: Socket) {
    this.sockets.add(socket);
    const connectionId = this.nextConnectionId++;
    let buffered = Buffer.alloc(0);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 4) {
        const length = buffered.readInt32LE(0);
        if (buffered.length < length) break;
        const frame = buffered.subarray(0, length);
        buffered = buffered.subarray(length);
        const run = () => {
          if (!socket.destroyed) this.handleFrame(socket, frame, connectionId);
        };
        if (this.paused) this.held.push(run);
        else run();
      }
    });
  }

  private handleFrame(socket: Socket, frame: Buffer, connectionId: number) {
    const requestId = frame.readInt32LE(4);
    const opCode = frame.readInt32LE(12);
    if (opCode === OP_MSG) {
      const flags = frame.readUInt32LE(16);
      const command = parseOpMsg(frame, flags);
      const reply = this.run(command, connectionId);
      if (!(flags & MORE_TO_COME)) socket.write(opMsg(requestId, reply));
    } else if (opCode === OP_QUERY) {
      const command = parseOpQuery(frame);
      socket.write(opReply(requestId, this.run(command, connectionId)));
    } else {
      socket.destroy();
    }
  }

  private run(command: Document, connectionId: number): Document {
    const name = Object.keys(command)[0] ?? '';
    this.received.push(name);
    try {
      return { ...this.execute(name, command, connectionId), ok: 1 };
    } catch (err) {
      if (err instanceof CommandError) return { ok: 0, errmsg: err.message, code: err.code, codeName: err.codeName, ...err.extra };
      return { ok: 0, errmsg: String((err as Error).message), code: 1, codeName: 'InternalError' };
    }
  }

  private execute(name: string, cmd: Document, connectionId: number): Document {
    const db = String(cmd.$db ?? 'admin');
    switch (name) {
      case 'hello':
      case 'isMaster':
      case 'ismaster':
        return this.hello(connectionId);
      case 'ping':
      case 'endSessions':
        return {};
      case 'buildInfo':
      case 'buildinfo':
        return { version: '7.0.0', versionArray: [7, 0, 0, 0], maxBsonObjectSize: 16 * 1024 * 1024 };
      case 'insert':
        return this.insert(db, cmd);
      case 'find':
        return this.find(db, cmd);
      case 'getMore':
        return this.getMore(cmd);
      case 'killCursors': {
        const ids = (cmd.cursors as unknown[]).map(toBigInt);
        for (const id of ids) this.cursors.delete(id);
        return { cursorsKilled: cmd.cursors, cursorsNotFound: [], cursorsAlive: [], cursorsUnknown: [] };
      }
      case 'update':
        return this.update(db, cmd);
      case 'delete':
        return this.delete(db, cmd);
      case 'findAndModify':
      case 'findandmodify':
        return this.findAndModify(db, cmd);
      case 'aggregate':
        return this.aggregate(db, cmd);
      case 'count': {
        let docs = this.matching(db, cmd.count, cmd.query ?? {});
        if (cmd.skip) docs = docs.slice(cmd.skip);
        if (cmd.limit) docs = docs.slice(0, Math.abs(cmd.limit));
        return { n: docs.length };
      }
      case 'distinct': {
        const values = new Map<string, unknown>();
        for (const doc of this.matching(db, cmd.distinct, cmd.query ?? {})) {
          const value = getPath(doc, cmd.key);
          for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined) values.set(EJSON.stringify({ v }), v);
        }
        return { values: [...values.values()] };
      }
      case 'createIndexes':
        return this.createIndexes(db, cmd);
      case 'listIndexes': {
        const coll = this.collection(db, cmd.listIndexes, false);
        if (!coll) throw new CommandError(26, 'NamespaceNotFound', `ns does not exist: ${db}.${cmd.listIndexes}`);
        return this.cursorReply(`${db}.${cmd.listIndexes}`, coll.indexes.map((i) => ({ v: 2, ...i })), cmd.cursor?.batchSize);
      }
      case 'create':
        if (this.collection(db, cmd.create, false)) throw new CommandError(48, 'NamespaceExists', `Collection ${db}.${cmd.create} already exists.`);
        this.collection(db, cmd.create, true);
        return {};
      case 'drop': {
        const colls = this.dbs.get(db);
        const coll = colls?.get(cmd.drop);
        if (!coll) throw new CommandError(26, 'NamespaceNotFound', 'ns not found');
        colls!.delete(cmd.drop);
        return { ns: `${db}.${cmd.drop}`, nIndexesWas: coll.indexes.length };
      }
      case 'dropDatabase':
        this.dbs.delete(db);
        return { dropped: db };
      case 'listCollections': {
        const infos = [...(this.dbs.get(db)?.keys() ?? [])].map((n) => ({ name: n, type: 'collection', options: {}, info: { readOnly: false } }));
        const filtered = new Query(cmd.filter ?? {}).find(infos).all() as Document[];
        return this.cursorReply(`${db}.$cmd.listCollections`, filtered, cmd.cursor?.batchSize);
      }
      default:
        throw new CommandError(59, 'CommandNotFound', `no such command: '${name}'`);
    }
  }

  private hello(connectionId: number): Document {
    const me = `127.0.0.1:${this.port}`;
    // No topologyVersion: with it the driver switches to streaming heartbeats, which this server does not speak.
    const reply: Document = {
      helloOk: true,
      ismaster: true,
      isWritablePrimary: true,
      maxBsonObjectSize: 16 * 1024 * 1024,
      maxMessageSizeBytes: 48_000_000,
      maxWriteBatchSize: 100_000,
      localTime: new Date(),
      logicalSessionTimeoutMinutes: 30,
      connectionId,
      minWireVersion: 0,
      maxWireVersion: 21,
      readOnly: false,
    };
    if (this.options.replicaSet) {
      Object.assign(reply, {
        setName: this.options.replicaSet,
        setVersion: 1,
        hosts: [me],
        primary: me,
        me,
        secondary: false,
        electionId: new ObjectId('7fffffff0000000000000001'),
      });
    }
    return reply;
  }

  private collection(db: string, name: string, create: true): Collection;
  private collection(db: string, name: string, create: boolean): Collection | undefined;
  private collection(db: string, name: string, create: boolean): Collection | undefined {
    let colls = this.dbs.get(db);
    if (!colls) {
      if (!create) return undefined;
      this.dbs.set(db, (colls = new Map()));
    }
    let coll = colls.get(name);
    if (!coll && create) {
      colls.set(name, (coll = { docs: [], indexes: [{ name: '_id_', key: { _id: 1 } }], lookups: new Map([['_id', new Map()]]) }));
    }
    return coll;
  }

  private matching(db: string, collection: string, filter: Document): Document[] {
    const coll = this.collection(db, collection, false);
    if (!coll) return [];
    const query = new Query(filter);
    return candidates(coll, filter).filter((doc) => query.test(doc));
  }

  private insert(db: string, cmd: Document): Document {
    const coll = this.collection(db, cmd.insert, true);
    const writeErrors: Document[] = [];
    let n = 0;
    for (const [index, raw] of (cmd.documents as Document[]).entries()) {
      const doc = copy(raw);
      if (doc._id === undefined) doc._id = new ObjectId();
      const violation = this.uniqueViolation(db, cmd.insert, coll, doc, undefined);
      if (violation) {
        writeErrors.push({ index, ...violation });
        if (cmd.ordered !== false) break;
        continue;
      }
      coll.docs.push(doc);
      addToLookups(coll, doc);
      n++;
    }
    return writeErrors.length ? { n, writeErrors } : { n };
  }

  private find(db: string, cmd: Document): Document {
    const coll = this.collection(db, cmd.find, false);
    let cursor = new Query(cmd.filter ?? {}).find(coll ? candidates(coll, cmd.filter ?? {}) : [], cmd.projection);
    if (cmd.sort && Object.keys(cmd.sort).length) cursor = cursor.sort(cmd.sort);
    if (cmd.skip) cursor = cursor.skip(cmd.skip);
    if (cmd.limit) cursor = cursor.limit(Math.abs(cmd.limit));
    const docs = (cursor.all() as Document[]).map(copy);
    return this.cursorReply(`${db}.${cmd.find}`, docs, cmd.singleBatch || (cmd.limit ?? 0) < 0 ? Infinity : cmd.batchSize);
  }

  private aggregate(db: string, cmd: Document): Document {
    const coll = this.collection(db, cmd.aggregate, false);
    const docs = new Aggregator(cmd.pipeline ?? []).run((coll?.docs ?? []).map(copy)) as Document[];
    return this.cursorReply(`${db}.${cmd.aggregate}`, docs, cmd.cursor?.batchSize);
  }

  private cursorReply(ns: string, docs: Document[], batchSize: number | undefined): Document {
    const size = batchSize === undefined || batchSize === 0 ? 101 : batchSize;
    const firstBatch = docs.slice(0, size);
    let id = 0n;
    if (docs.length > size) {
      id = this.nextCursorId++;
      this.cursors.set(id, { ns, remaining: docs.slice(size) });
    }
    return { cursor: { id: Long.fromBigInt(id), ns, firstBatch } };
  }

  private getMore(cmd: Document): Document {
    const id = toBigInt(cmd.getMore);
    const cursor = this.cursors.get(id);
    if (!cursor) throw new CommandError(43, 'CursorNotFound', `cursor id ${id} not found`);
    const size = cmd.batchSize || cursor.remaining.length;
    const nextBatch = cursor.remaining.splice(0, size);
    const done = cursor.remaining.length === 0;
    if (done) this.cursors.delete(id);
    return { cursor: { id: Long.fromBigInt(done ? 0n : id), ns: cursor.ns, nextBatch } };
  }

  private update(db: string, cmd: Document): Document {
    const coll = this.collection(db, cmd.update, true);
    let n = 0;
    let nModified = 0;
    const upserted: Document[] = [];
    const writeErrors: Document[] = [];
    for (const [index, spec] of (cmd.updates as Document[]).entries()) {
      try {
        const query = new Query(spec.q ?? {});
        const targets = candidates(coll, spec.q ?? {}).filter((doc) => query.test(doc));
        const chosen = spec.multi ? targets : targets.slice(0, 1);
        if (chosen.length === 0 && spec.upsert) {
          const doc = this.upsertDoc(db, cmd.update, coll, spec.q ?? {}, spec.u);
          upserted.push({ index, _id: doc._id });
          n++;
          continue;
        }
        for (const doc of chosen) {
          if (this.modify(db, cmd.update, coll, doc, spec.u, spec.arrayFilters)) nModified++;
          n++;
        }
      } catch (err) {
        if (!(err instanceof CommandError)) throw err;
        writeErrors.push({ index, code: err.code, errmsg: err.message, ...err.extra });
        if (cmd.ordered !== false) break;
      }
    }
    return { n, nModified, ...(upserted.length ? { upserted } : {}), ...(writeErrors.length ? { writeErrors } : {}) };
  }

  private delete(db: string, cmd: Document): Document {
    const coll = this.collection(db, cmd.delete, false);
    if (!coll) return { n: 0 };
    let n = 0;
    for (const spec of cmd.deletes as Document[]) {
      const query = new Query(spec.q ?? {});
      const targets = candidates(coll, spec.q ?? {}).filter((doc) => query.test(doc));
      const chosen = new Set(spec.limit === 1 ? targets.slice(0, 1) : targets);
      coll.docs = coll.docs.filter((doc) => !chosen.has(doc));
      for (const doc of chosen) removeFromLookups(coll, doc);
      n += chosen.size;
    }
    return { n };
  }

  private findAndModify(db: string, cmd: Document): Document {
    const name = cmd.findAndModify ?? cmd.findandmodify;
    const coll = this.collection(db, name, true);
    let found = new Query(cmd.query ?? {}).find(candidates(coll, cmd.query ?? {}));
    if (cmd.sort && Object.keys(cmd.sort).length) found = found.sort(cmd.sort);
    const target = (found.all() as Document[])[0];
    const project = (doc: Document | undefined) =>
      doc && (cmd.fields ? ((new Query({}).find([copy(doc)], cmd.fields).all() as Document[])[0] ?? null) : copy(doc));

    if (cmd.remove) {
      if (target) {
        coll.docs = coll.docs.filter((d) => d !== target);
        removeFromLookups(coll, target);
      }
      return { lastErrorObject: { n: target ? 1 : 0 }, value: project(target) ?? null };
    }
    if (!target) {
      if (!cmd.upsert) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null };
      const doc = this.upsertDoc(db, name, coll, cmd.query ?? {}, cmd.update);
      return { lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id }, value: cmd.new ? project(doc) : null };
    }
    const before = copy(target);
    this.modify(db, name, coll, target, cmd.update, cmd.arrayFilters);
    return { lastErrorObject: { n: 1, updatedExisting: true }, value: project(cmd.new ? target : before) };
  }

  /** Applies an update to a stored document: on a copy first, so a unique violation changes nothing. */
  private modify(db: string, name: string, coll: Collection, doc: Document, update: Document, arrayFilters?: Document[]): boolean {
    const next = isOperatorUpdate(update) ? copy(doc) : { ...copy(update), _id: doc._id };
    const changed = isOperatorUpdate(update) ? applyUpdate(next, stripSetOnInsert(update), arrayFilters).length > 0 : true;
    if (!changed) return false;
    if (EJSON.stringify(next._id) !== EJSON.stringify(doc._id)) {
      throw new CommandError(66, 'ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
    }
    const violation = this.uniqueViolation(db, name, coll, next, doc);
    if (violation) throw new CommandError(11000, 'DuplicateKey', violation.errmsg, { keyPattern: violation.keyPattern, keyValue: violation.keyValue });
    removeFromLookups(coll, doc);
    for (const key of Object.keys(doc)) delete doc[key];
    Object.assign(doc, next);
    addToLookups(coll, doc);
    return true;
  }

  private upsertDoc(db: string, name: string, coll: Collection, query: Document, update: Document): Document {
    let doc: Document;
    if (isOperatorUpdate(update)) {
      doc = equalityFields(query);
      // An insert applies $setOnInsert as a $set; mingo knows only the update operators proper.
      applyUpdate(doc, { ...stripSetOnInsert(update), $set: { ...(update.$set ?? {}), ...(update.$setOnInsert ?? {}) } } as never);
    } else {
      doc = { ...equalityFields(query), ...copy(update) };
    }
    if (doc._id === undefined) doc._id = new ObjectId();
    const violation = this.uniqueViolation(db, name, coll, doc, undefined);
    if (violation) throw new CommandError(11000, 'DuplicateKey', violation.errmsg, { keyPattern: violation.keyPattern, keyValue: violation.keyValue });
    coll.docs.push(doc);
    addToLookups(coll, doc);
    return doc;
  }

  private createIndexes(db: string, cmd: Document): Document {
    const existed = this.collection(db, cmd.createIndexes, false) !== undefined;
    const coll = this.collection(db, cmd.createIndexes, true);
    const before = coll.indexes.length;
    for (const raw of cmd.indexes as IndexSpec[]) {
      const spec: IndexSpec = { name: raw.name, key: raw.key };
      if (raw.unique) spec.unique = true;
      if (raw.sparse) spec.sparse = true;
      if (raw.partialFilterExpression) spec.partialFilterExpression = raw.partialFilterExpression;
      const same = coll.indexes.find((i) => i.name === spec.name);
      if (same) {
        if (EJSON.stringify(same.key) !== EJSON.stringify(spec.key) || !!same.unique !== !!spec.unique) {
          throw new CommandError(86, 'IndexKeySpecsConflict', `An existing index has the same name (${spec.name}) as the requested index`);
        }
        continue;
      }
      if (spec.unique) {
        const seen = new Set<string>();
        for (const doc of coll.docs) {
          const key = uniqueKey(spec, doc);
          if (key === undefined) continue;
          if (seen.has(key)) throw new CommandError(11000, 'DuplicateKey', `E11000 duplicate key error collection: ${db}.${cmd.createIndexes} index: ${spec.name}`);
          seen.add(key);
        }
      }
      coll.indexes.push(spec);
      const first = Object.keys(spec.key)[0]!;
      if (!coll.lookups.has(first)) {
        coll.lookups.set(first, new Map());
        const map = coll.lookups.get(first)!;
        for (const doc of coll.docs) {
          const key = lookupKey(getPath(doc, first));
          if (key === undefined) continue;
          let set = map.get(key);
          if (!set) map.set(key, (set = new Set()));
          set.add(doc);
        }
      }
    }
    return { createdCollectionAutomatically: !existed, numIndexesBefore: before, numIndexesAfter: coll.indexes.length };
  }

  private uniqueViolation(db: string, name: string, coll: Collection, doc: Document, self: Document | undefined) {
    for (const index of coll.indexes) {
      if (index.name !== '_id_' && !index.unique) continue;
      const key = uniqueKey(index, doc);
      if (key === undefined) continue;
      // Only documents sharing the first field's value can clash: the lookup narrows them down.
      const first = Object.keys(index.key)[0]!;
      const firstKey = lookupKey(getPath(doc, first));
      const pool = firstKey !== undefined && coll.lookups.has(first) ? (coll.lookups.get(first)!.get(firstKey) ?? new Set<Document>()) : coll.docs;
      let clash = false;
      for (const other of pool) {
        if (other !== self && uniqueKey(index, other) === key) {
          clash = true;
          break;
        }
      }
      if (!clash) continue;
      const keyValue = Object.fromEntries(Object.keys(index.key).map((field) => [field, getPath(doc, field) ?? null]));
      return {
        code: 11000,
        errmsg: `E11000 duplicate key error collection: ${db}.${name} index: ${index.name} dup key: ${EJSON.stringify(keyValue)}`,
        keyPattern: index.key,
        keyValue,
      };
    }
    return undefined;
  }
}

/** The index key of a document as a comparable string, or undefined when the index leaves it out. */
function uniqueKey(index: IndexSpec, doc: Document): string | undefined {
  if (index.partialFilterExpression && !new Query(index.partialFilterExpression).test(doc)) return undefined;
  const values = Object.keys(index.key).map((field) => getPath(doc, field));
  if (index.sparse && values.every((v) => v === undefined)) return undefined;
  return EJSON.stringify({ k: values.map((v) => (v === undefined ? null : v)) }, { relaxed: false });
}

function getPath(doc: Document, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Document)[part];
  }
  return value;
}

const isOperatorUpdate = (update: Document) => Object.keys(update).some((k) => k.startsWith('$'));

function stripSetOnInsert(update: Document): Document {
  const { $setOnInsert: _ignored, ...rest } = update;
  return rest;
}

/** The plain-equality fields of a filter: an upsert starts from them. */
function equalityFields(query: Document): Document {
  const doc: Document = {};
  for (const [key, value] of Object.entries(query)) {
    if (key.startsWith('$')) continue;
    const isOperator = value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).some((k) => k.startsWith('$'));
    if (isOperator) {
      if ('$eq' in value) doc[key] = value.$eq;
      continue;
    }
    doc[key] = value;
  }
  return doc;
}

const copy = (doc: Document): Document => BSON.deserialize(BSON.serialize(doc));

function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(value);
  if (value instanceof Long) return value.toBigInt();
  return BigInt(String(value));
}

function parseOpMsg(frame: Buffer, flags: number): Document {
  const end = flags & CHECKSUM_PRESENT ? frame.length - 4 : frame.length;
  let offset = 20;
  let body: Document = {};
  const sequences: Record<string, Document[]> = {};
  while (offset < end) {
    const kind = frame[offset++];
    if (kind === 0) {
      const size = frame.readInt32LE(offset);
      body = BSON.deserialize(frame.subarray(offset, offset + size));
      offset += size;
    } else {
      const size = frame.readInt32LE(offset);
      const sectionEnd = offset + size;
      let cursor = offset + 4;
      const nul = frame.indexOf(0, cursor);
      const identifier = frame.toString('utf8', cursor, nul);
      cursor = nul + 1;
      const docs: Document[] = [];
      while (cursor < sectionEnd) {
        const docSize = frame.readInt32LE(cursor);
        docs.push(BSON.deserialize(frame.subarray(cursor, cursor + docSize)));
        cursor += docSize;
      }
      sequences[identifier] = docs;
      offset = sectionEnd;
    }
  }
  return { ...body, ...sequences };
}

function parseOpQuery(frame: Buffer): Document {
  let offset = 20;
  const nul = frame.indexOf(0, offset);
  const collection = frame.toString('utf8', offset, nul);
  offset = nul + 1 + 8;
  const size = frame.readInt32LE(offset);
  let query = BSON.deserialize(frame.subarray(offset, offset + size));
  if (query.$query) query = query.$query;
  return { ...query, $db: collection.split('.')[0] };
}

function header(length: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(0, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

function opMsg(responseTo: number, doc: Document): Buffer {
  const body = BSON.serialize(doc);
  const flagsAndKind = Buffer.alloc(5);
  return Buffer.concat([header(16 + 5 + body.length, responseTo, OP_MSG), flagsAndKind, body]);
}

function opReply(responseTo: number, doc: Document): Buffer {
  const body = BSON.serialize(doc);
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(1, 16);
  return Buffer.concat([header(16 + 20 + body.length, responseTo, OP_REPLY), fields, body]);
}
