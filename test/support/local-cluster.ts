/**
 * `npm run cluster`: two server nodes joined through Redis on one machine, for a local trial
 * without Docker. It starts a redis-server of its own, a MongoDB (the one MONGODB_URI names, or the
 * tests' in-memory wire-protocol stand-in), and two nodes sharing one token secret; Ctrl-C or
 * SIGTERM stops everything it started.
 *
 * It reuses the helpers the system tests start the same processes with (test/support), so it needs
 * the dev dependencies (`npm ci`) and is never part of a deployment: the image has no test/.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { freePort, startServerProcess, type RunningProcess } from './processes.js';
import { TestRedis } from './redis-server.js';
import { eventually } from './wait.js';
import { ConfigError, loadConfig, type Config } from '../../server/config.js';

const NODES = 2;
const CLUSTER_ISSUER = 'peer-support-cluster';
const CLUSTER_AUDIENCE = 'peer-support-cluster';
const REDIS_MIN_MAJOR = 7;

interface Node {
  name: string;
  url: string;
  process: RunningProcess;
}

interface Mongo {
  uri: string;
  /** What stopping the cluster stops: the stand-in, or nothing (an external MongoDB stays up). */
  stoppedWithCluster: string;
  close(): Promise<void>;
}

/** What is running, so a signal or a failed start stops exactly that. */
const running: { nodes: Node[]; redis?: TestRedis; mongo?: Mongo } = { nodes: [] };
let stopping = false;

async function main() {
  const config = loadConfig();
  checkRedisServer();

  // Each process is recorded as soon as it starts, and a signal stops the start-up between steps.
  const jwt = clusterJwt(config);
  const mongo = (running.mongo = await startMongo(config));
  if (stopping) return;
  const redis = (running.redis = await TestRedis.start());
  if (stopping) return;

  // The nodes get this process's environment (so OFFER_TIMEOUT_SEC=5 npm run cluster works), with
  // the shared parts set here.
  const env: Record<string, string> = {
    ...definedOnly(process.env),
    ...jwt.env,
    MONGODB_URI: mongo.uri,
    REDIS_URL: redis.url,
    HOST: '127.0.0.1',
  };
  const ports = await distinctFreePorts(NODES);
  if (stopping) return;
  running.nodes = ports.map((port, i) => {
    const node = { name: `node ${i + 1}`, url: `http://127.0.0.1:${port}`, process: startServerProcess({ ...env, PORT: String(port) }) };
    relayOutput(node);
    return node;
  });
  await Promise.all(running.nodes.map(waitUntilReady));
  if (stopping) return;
  for (const node of running.nodes) {
    void node.process.exited.then((code) => {
      const how = code === null ? `by ${node.process.child.signalCode}` : `with code ${code}`;
      if (!stopping) say(`${node.name} (${node.url}) exited ${how}; the other node keeps serving. Ctrl-C stops the rest.`);
    });
  }

  const [first, second] = running.nodes.map((node) => node.url);
  say(
    [
      '',
      'Cluster running:',
      ...running.nodes.map((node) => `  ${node.name}: ${node.url}`),
      `  Redis:   ${redis.url}`,
      `  MongoDB: ${mongo.uri}`,
      '',
      'To use it from another terminal, paste:',
      `  export NODE1_URL=${first} NODE2_URL=${second}`,
      ...jwt.howToMint,
      '',
      'Connect clients to either node: they share history, presence and live events.',
      `Ctrl-C stops both nodes, Redis${mongo.stoppedWithCluster}.`,
      '',
    ].join('\n'),
  );
}

/** One secret, issuer and audience for every node, and how to mint tokens for them. */
function clusterJwt(config: Config): { env: Record<string, string>; howToMint: string[] } {
  const mint = '  export ALICE_TOKEN=$(npm run -s token -- --role mentee --sub alice --name Alice';
  switch (config.jwt.mode) {
    case 'hs256':
      return { env: {}, howToMint: ['then, with the same JWT_SECRET, JWT_ISSUER and JWT_AUDIENCE as here, mint tokens:', `${mint})`] };
    case 'rs256':
      return {
        env: {},
        howToMint: ['then, with the same JWT_PUBLIC_KEY, JWT_ISSUER and JWT_AUDIENCE as here, mint tokens:', `${mint} --private-key-file <PEM>)`],
      };
    case 'embedded': {
      const env = { JWT_SECRET: randomBytes(48).toString('base64url'), JWT_ISSUER: CLUSTER_ISSUER, JWT_AUDIENCE: CLUSTER_AUDIENCE };
      return {
        env,
        howToMint: [
          `  export ${Object.entries(env)
            .map(([name, value]) => `${name}=${value}`)
            .join(' ')}`,
          'then mint tokens (this secret is new on every run: tokens from other runs or `npm start` are refused):',
          `${mint})`,
        ],
      };
    }
  }
}

/** Fails early, with the fix, when Debian's redis-server is missing or too old. */
function checkRedisServer() {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error) {
    throw new ClusterError(
      'redis-server (Redis 7 or newer) is needed on the PATH. On Debian: sudo apt-get install redis-server',
    );
  }
  const major = Number(/v=(\d+)\./.exec(probe.stdout)?.[1] ?? 0);
  if (major < REDIS_MIN_MAJOR) {
    throw new ClusterError(`Redis ${REDIS_MIN_MAJOR} or newer is needed (sharded pub/sub); found: ${probe.stdout.trim()}`);
  }
}

async function startMongo(config: Config): Promise<Mongo> {
  if (config.mongodbUri) return { uri: config.mongodbUri, stoppedWithCluster: '', close: async () => {} };
  // Loaded only here: the stand-in is test code, and needs the dev dependencies bson and mingo.
  const { MongoWireServer } = await import('./mongo-wire-server.js').catch((cause: unknown) => {
    throw new ClusterError('The MongoDB stand-in needs the dev dependencies (run npm ci), or set MONGODB_URI', { cause });
  });
  const wire = await MongoWireServer.start({ replicaSet: 'rs0' });
  process.stderr.write(STAND_IN_BANNER);
  return { uri: wire.uri('peer_support'), stoppedWithCluster: ' and the MongoDB stand-in (its data is gone then)', close: () => wire.close() };
}

const STAND_IN_BANNER = `
  ================================================================================
   MONGODB STAND-IN, FOR TRIALS ONLY: no MONGODB_URI is set, so the nodes share the
   in-memory MongoDB imitation the tests use (test/support/mongo-wire-server.ts).
   It is NOT a database: nothing reaches a disk, everything is LOST when this stops,
   and it was never built for real data. Never put real conversations in it.
   For that, set MONGODB_URI to a real MongoDB (for example: docker compose up).
  ================================================================================

`;

/** Asks /readyz rather than watching the logs, which LOG_LEVEL may silence. */
async function waitUntilReady(node: Node) {
  const ready = async () => {
    if (stopping) return true;
    if (node.process.child.exitCode !== null || node.process.child.signalCode !== null) {
      throw new ClusterError(`${node.name} did not start; its output is above`);
    }
    const res = await fetch(`${node.url}/readyz`).catch(() => undefined);
    return res?.status === 200;
  };
  await eventually(ready, 60_000, 200).catch((err: unknown) => {
    throw err instanceof ClusterError ? err : new ClusterError(`${node.name} was not ready within a minute; its output is above`);
  });
}

/** Node output, line by line, prefixed with the node's name. */
function relayOutput(node: Node) {
  for (const stream of [node.process.child.stdout, node.process.child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${node.name}] ${line}\n`));
  }
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** SIGTERM to the nodes (they finish in-flight acknowledgements), then Redis and the stand-in. */
async function stopAll(): Promise<void> {
  const nodes = running.nodes.filter((node) => node.process.child.exitCode === null && node.process.child.signalCode === null);
  for (const node of nodes) node.process.child.kill('SIGTERM');
  const force = setTimeout(() => {
    for (const node of nodes) node.process.child.kill('SIGKILL');
  }, 20_000);
  await Promise.all(running.nodes.map((node) => node.process.exited));
  clearTimeout(force);
  await running.redis?.stop();
  await running.mongo?.close();
}

function onSignal(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  say(`\n${signal}: stopping the cluster…`);
  startup
    .catch(() => {})
    .then(stopAll)
    .then(
      () => {
        say(`Stopped: both nodes, Redis${running.mongo?.stoppedWithCluster ?? ''}.`);
        process.exit(0);
      },
      (err: unknown) => {
        process.stderr.write(`Stopping failed: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
}

class ClusterError extends Error {}

const say = (text: string) => process.stdout.write(`${text}\n`);

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

const startup = main();
// SIGHUP too: a closed terminal must not leave a redis-server behind (it ignores SIGHUP), and
// writes to that terminal must not end this process before it has stopped the others.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
startup.catch(async (err: unknown) => {
  if (stopping) return; // a signal came during start-up: its handler stops what started
  // Configuration and set-up problems carry their own fix; anything else is a bug, with its stack.
  const text = err instanceof ClusterError || err instanceof ConfigError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`npm run cluster: ${text}\n`);
  stopping = true;
  await stopAll().catch(() => {});
  process.exit(1);
});
