/**
 * `npm run bench`: 1:1 message throughput and delivery latency of our server on the embedded
 * default, next to a bare Socket.IO relay, in the same run on this machine. Each server runs in a
 * process of its own; this process is the load. Not a test: it measures and prints.
 *
 * Then the escalation path across two nodes (escalation.ts) and the matching queue (matching.ts).
 *
 * BENCH_PAIRS (default 50), BENCH_SECONDS (default 8) and BENCH_ESCALATIONS (default 500) tune it.
 */
import { signToken } from '../../server/auth/tokens.js';
import { TEST_KEYS } from '../support/cluster.js';
import { freePort, startProcess, startServerProcess, type RunningProcess } from '../support/processes.js';
import { httpJson, TEST_JWT } from '../support/server.js';
import { closePairs, measureCapacity, measureLatency, openPairs, type Target } from './chat-load.js';
import { benchEscalation } from './escalation.js';
import { benchMatching } from './matching.js';

const PAIRS = Number(process.env.BENCH_PAIRS ?? 50);
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 8) * 1000;
const WARMUP_MS = 2000;
const WINDOW = Number(process.env.BENCH_WINDOW ?? 8);

interface Result {
  name: string;
  capacity: number;
  p50: number;
  p99: number;
  samples: number;
}

/**
 * Each phase gets a fresh server process (for both servers alike): the embedded default keeps
 * every message in its heap, and the latency phase should not inherit the capacity phase's
 * hundreds of thousands of messages, which a MongoDB deployment would not hold in memory.
 */
async function bench(name: string, start: (port: number) => RunningProcess, target: (url: string) => Target): Promise<Result> {
  const capacity = await withProcess(start, (url) =>
    withPairs(target(url), (pairs) => measureCapacity(pairs, { window: WINDOW, warmupMs: WARMUP_MS, durationMs: DURATION_MS })),
  );
  const latency = await withProcess(start, (url) =>
    withPairs(target(url), (pairs) => measureLatency(pairs, { ratePerSec: capacity / 2, warmupMs: WARMUP_MS, durationMs: DURATION_MS })),
  );
  return { name, capacity, ...latency };
}

async function withPairs<T>(target: Target, use: (pairs: Awaited<ReturnType<typeof openPairs>>) => Promise<T>): Promise<T> {
  const pairs = await openPairs(target, PAIRS);
  try {
    return await use(pairs);
  } finally {
    closePairs(pairs);
  }
}

async function withProcess<T>(start: (port: number) => RunningProcess, use: (url: string) => Promise<T>): Promise<T> {
  const port = await freePort();
  const proc = start(port);
  try {
    await proc.waitForOutput('"msg":"listening"', 30_000);
    return await use(`http://127.0.0.1:${port}`);
  } finally {
    proc.child.kill('SIGTERM');
    await proc.exited;
  }
}

const token = (role: 'mentee' | 'specialist' | 'admin', sub: string) => signToken(TEST_KEYS, { role, sub, name: sub }, 3600);

async function main() {
  process.stdout.write(`Benchmark: ${PAIRS} conversations, ${WINDOW} messages in flight per sender for capacity, then half that rate for latency; ${DURATION_MS / 1000} s each.\n`);

  const bare = await bench(
    'bare Socket.IO relay',
    (port) => startProcess(process.execPath, ['--import', 'tsx', 'test/bench/bare-relay.ts'], { PORT: String(port) }),
    (url) => ({ url, prepare: async (i) => ({ conversationId: `bare-${i}` }) }),
  );

  const ours = await bench(
    'this server (embedded default)',
    (port) => startServerProcess({ ...TEST_JWT, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', MESSAGE_RATE_PER_SEC: '0', COMMAND_POINTS_PER_MINUTE: '0', MAX_CONNECTIONS_PER_ADDRESS: '0' }),
    (url) => ({
        url,
        async prepare(i: number) {
          const res = await httpJson(`${url}/api/mentorships`, {
            method: 'POST',
            token: token('admin', 'bench-admin'),
            body: { menteeId: `mentee-${i}`, specialistId: `specialist-${i}` },
          });
          return {
            conversationId: res.body.conversation.id,
            senderToken: token('mentee', `mentee-${i}`),
            receiverToken: token('specialist', `specialist-${i}`),
          };
        },
    }),
  );

  const rows = [bare, ours].map((r) => [r.name.padEnd(32), `${Math.round(r.capacity)} msg/s`.padStart(12), `${r.p50.toFixed(2)} ms`.padStart(10), `${r.p99.toFixed(2)} ms`.padStart(10), String(r.samples).padStart(8)]);
  process.stdout.write(`\n${'server'.padEnd(32)}${'capacity'.padStart(12)}${'p50'.padStart(10)}${'p99'.padStart(10)}${'samples'.padStart(8)}\n`);
  for (const row of rows) process.stdout.write(`${row.join('')}\n`);
  process.stdout.write(`\ncapacity ratio (this server / bare relay): ${(ours.capacity / bare.capacity).toFixed(2)}  (aim: at least 0.70)\n`);
  process.stdout.write(`p99 at half load: ${ours.p99.toFixed(2)} ms  (aim: at most 20 ms)\n`);

  const escalations = Number(process.env.BENCH_ESCALATIONS ?? 500);
  process.stdout.write(`\nEscalation: ${escalations} risky messages on node 1 (10 at a time), on-call clinician on node 2, ordinary chat at 200 msg/s over 20 conversations on both nodes.\n`);
  const e = await benchEscalation({ escalations, concurrency: 10, chatPairs: 20, chatRatePerSec: 200 });
  process.stdout.write(`send → escalation:alerted across nodes: p50 ${e.p50.toFixed(1)} ms, p99 ${e.p99.toFixed(1)} ms over ${e.escalations} escalations (aim: p99 under 1000 ms); ${e.chatMessages} chat messages meanwhile\n`);

  process.stdout.write(`\nMatching: 1000 waiting mentees, 100 specialists declaring themselves available at once (5 rounds, all accepting at once).\n`);
  const m = await benchMatching({ mentees: 1000, specialists: 100, rounds: 5 });
  process.stdout.write(`availability:set → support:offer: p50 ${m.p50.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms over ${m.samples} offers (aim: p99 under 100 ms)\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
