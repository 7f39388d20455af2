import { signToken, type TokenClaims } from '../../server/auth/tokens.js';
import type { TokenKeys } from '../../server/auth/keys.js';
import type { Role } from '../../shared/models.js';
import { startMongo, uniqueDb, type TestMongo } from './mongo.js';
import { freePort, startServerProcess, type RunningProcess } from './processes.js';
import { TestRedis } from './redis-server.js';
import { connectSocket, httpJson, TEST_JWT, type TestSocket } from './server.js';
import { PRESENCE_TTL_MS, STORE_TIMEOUT_MS } from './timeouts.js';
export { eventually } from './wait.js';

export const TEST_KEYS: TokenKeys = {
  algorithm: 'HS256',
  verifyKey: TEST_JWT.JWT_SECRET,
  signKey: TEST_JWT.JWT_SECRET,
  issuer: TEST_JWT.JWT_ISSUER,
  audience: TEST_JWT.JWT_AUDIENCE,
};

export interface NodeProcess {
  port: number;
  url: string;
  process: RunningProcess;
  /** SIGKILL: the node dies at once, mid-whatever. */
  kill(): Promise<void>;
}

export interface Cluster {
  mongo: TestMongo;
  redis: TestRedis;
  nodes: NodeProcess[];
  token(who: { role: Role; sub: string; name?: string }): string;
  connect(node: NodeProcess, who: { role: Role; sub: string }): Promise<TestSocket>;
  assign(menteeId: string, specialistId: string): Promise<string>;
  /** Starts another node on the same MongoDB and Redis (e.g. after the others were killed). */
  addNode(): Promise<NodeProcess>;
  close(): Promise<void>;
}

/** Real processes: a MongoDB (test server or MONGODB_URI), a redis-server, and `nodes` server processes. */
export async function startCluster(options: { nodes?: number; env?: Record<string, string> } = {}): Promise<Cluster> {
  const mongo = await startMongo({ replicaSet: 'rs0' });
  const redis = await TestRedis.start();
  const db = uniqueDb('cluster');
  const sockets: TestSocket[] = [];
  const env = {
    ...TEST_JWT,
    MONGODB_URI: mongo.uri(db),
    REDIS_URL: redis.url,
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.NODE_LOG_LEVEL ?? 'info',
    MESSAGE_RATE_PER_SEC: '0',
    // Generous: a busy machine must not turn a slow answer into UNAVAILABLE, or a live user into a lapsed one.
    MONGODB_TIMEOUT_MS: String(STORE_TIMEOUT_MS),
    PRESENCE_TTL_MS: String(PRESENCE_TTL_MS),
    SHUTDOWN_GRACE_MS: '1000',
    ...options.env,
  };
  const startNode = async () => {
      const port = await freePort();
      const process = startServerProcess({ ...env, PORT: String(port) });
      await process.waitForOutput('"msg":"listening"');
      const node: NodeProcess = {
        port,
        url: `http://127.0.0.1:${port}`,
        process,
        async kill() {
          process.child.kill('SIGKILL');
          await process.exited;
        },
      };
      return node;
  };
  const nodes = await Promise.all(Array.from({ length: options.nodes ?? 2 }, startNode));

  const cluster: Cluster = {
    mongo,
    redis,
    nodes,
    token: (who) => signToken(TEST_KEYS, { name: who.sub, ...who } as TokenClaims, 3600),
    async connect(node, who) {
      const socket = await connectSocket(node.url, cluster.token(who));
      sockets.push(socket);
      return socket;
    },
    async assign(menteeId, specialistId) {
      const res = await httpJson(`${nodes[0]!.url}/api/mentorships`, {
        method: 'POST',
        token: cluster.token({ role: 'admin', sub: 'admin-1' }),
        body: { menteeId, specialistId },
      });
      if (res.status >= 300) throw new Error(`assign failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.conversation.id as string;
    },
    async addNode() {
      const node = await startNode();
      nodes.push(node);
      return node;
    },
    async close() {
      for (const s of sockets) s.disconnect();
      for (const node of nodes) node.process.child.kill('SIGKILL');
      await Promise.all(nodes.map((n) => n.process.exited));
      await redis.stop();
      await mongo.close();
    },
  };
  return cluster;
}
