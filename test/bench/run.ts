/**
 * `npm run bench`: 1:1 message throughput and delivery latency of our server on the embedded
 * default, next to a bare Socket.IO relay, in the same run on this machine. Each server runs in a
 * process of its own; this process is the load. Not a test: it measures and prints.
 *
 * Then many conversations at a fixed rate (BENCH_MANY_PAIRS conversations, 1,000 connections by
 * default, at BENCH_MANY_RATE msg/s, 4,000 by default): each server's CPU time per message and the
 * delivery latency, side by side (BENCH_ONLY=many runs just this). Then the escalation path across
 * two nodes (escalation.ts), the matching queue (matching.ts), and last the web app's first load
 * in Debian's Chromium (web-load.ts).
 *
 * BENCH_PAIRS (default 50), BENCH_SECONDS (default 8) and BENCH_ESCALATIONS (default 500) tune it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { signToken } from '../../server/auth/tokens.js';
import { TEST_KEYS } from '../support/cluster.js';
import { freePort, startProcess, startServerProcess, type RunningProcess } from '../support/processes.js';
import { httpJson, TEST_JWT } from '../support/server.js';
import { closePairs, measureCapacity, measureLatency, openPairs, type Target } from './chat-load.js';
import { benchEscalation } from './escalation.js';
import { benchMatching } from './matching.js';
import { benchWebLoad } from './web-load.js';

const PAIRS = Number(process.env.BENCH_PAIRS ?? 50);
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 8) * 1000;
const WARMUP_MS = 2000;
const WINDOW = Number(process.env.BENCH_WINDOW ?? 8);
const MANY_PAIRS = Number(process.env.BENCH_MANY_PAIRS ?? 500);
const MANY_RATE = Number(process.env.BENCH_MANY_RATE ?? 4000);

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

interface RateResult {
  name: string;
  cpuMicrosPerMessage: number;
  deliveredPerSec: number;
  p50: number;
  p99: number;
}

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat, in clock ticks of 1/100 s.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Many conversations at a fixed offered rate: the server's CPU per delivered message and the latency. */
async function benchAtRate(name: string, start: (port: number) => RunningProcess, target: (url: string) => Target): Promise<RateResult> {
  return withProcess(start, (url, proc) =>
    withPairs(
      target(url),
      async (pairs) => {
        let cpuAtStart = 0;
        let cpuUsed = 0;
        const pid = proc.child.pid!;
        const r = await measureLatency(pairs, {
          ratePerSec: MANY_RATE,
          warmupMs: WARMUP_MS,
          durationMs: DURATION_MS,
          recording: { start: () => (cpuAtStart = cpuSeconds(pid)), stop: () => (cpuUsed = cpuSeconds(pid) - cpuAtStart) },
        });
        return { name, cpuMicrosPerMessage: (cpuUsed / r.delivered) * 1e6, deliveredPerSec: r.deliveredPerSec, p50: r.p50, p99: r.p99 };
      },
      MANY_PAIRS,
    ),
  );
}

async function withPairs<T>(target: Target, use: (pairs: Awaited<ReturnType<typeof openPairs>>) => Promise<T>, count = PAIRS): Promise<T> {
  const pairs = await openPairs(target, count);
  try {
    return await use(pairs);
  } finally {
    closePairs(pairs);
  }
}

async function withProcess<T>(start: (port: number) => RunningProcess, use: (url: string, proc: RunningProcess) => Promise<T>): Promise<T> {
  const port = await freePort();
  const proc = start(port);
  try {
    await proc.waitForOutput('"msg":"listening"', 30_000);
    return await use(`http://127.0.0.1:${port}`, proc);
  } finally {
    proc.child.kill('SIGTERM');
    await proc.exited;
    if (process.env.BENCH_OUTPUT_DIR) writeFileSync(`${process.env.BENCH_OUTPUT_DIR}/${proc.child.pid}.log`, proc.output());
  }
}

// BENCH_NODE_ARGS: options for each server process (both kinds), e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
// for a V8 CPU profile written as it exits, or "--trace-gc" (with BENCH_OUTPUT_DIR to keep what it prints).
const profiling = process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [];

const startBare = (port: number) => startProcess(process.execPath, [...profiling, '--import', 'tsx', 'test/bench/bare-relay.ts'], { PORT: String(port) });
const bareTarget = (url: string): Target => ({ url, prepare: async (i) => ({ conversationId: `bare-${i}` }) });

// Limits that protect a real deployment from one client are off: here one client is the whole load.
const startOurs = (port: number) =>
  startServerProcess(
    {
      ...TEST_JWT,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      MESSAGE_RATE_PER_SEC: '0',
      COMMAND_POINTS_PER_MINUTE: '0',
      MAX_CONNECTIONS_PER_ADDRESS: '0',
      HANDSHAKES_PER_MINUTE_PER_ADDRESS: '0',
    },
    profiling,
  );
const oursTarget = (url: string): Target => ({
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
});

const token = (role: 'mentee' | 'specialist' | 'admin', sub: string) => signToken(TEST_KEYS, { role, sub, name: sub }, 3600);

async function main() {
  // BENCH_ONLY=many runs just the many-conversation phase (for profiling it).
  if (process.env.BENCH_ONLY === 'many') return benchMany();
  process.stdout.write(`Benchmark: ${PAIRS} conversations, ${WINDOW} messages in flight per sender for capacity, then half that rate for latency; ${DURATION_MS / 1000} s each.\n`);

  const bare = await bench('bare Socket.IO relay', startBare, bareTarget);
  const ours = await bench('this server (embedded default)', startOurs, oursTarget);

  const rows = [bare, ours].map((r) => [r.name.padEnd(32), `${Math.round(r.capacity)} msg/s`.padStart(12), `${r.p50.toFixed(2)} ms`.padStart(10), `${r.p99.toFixed(2)} ms`.padStart(10), String(r.samples).padStart(8)]);
  process.stdout.write(`\n${'server'.padEnd(32)}${'capacity'.padStart(12)}${'p50'.padStart(10)}${'p99'.padStart(10)}${'samples'.padStart(8)}\n`);
  for (const row of rows) process.stdout.write(`${row.join('')}\n`);
  process.stdout.write(`\ncapacity ratio (this server / bare relay): ${(ours.capacity / bare.capacity).toFixed(2)}  (aim: at least 0.70)\n`);
  process.stdout.write(`p99 at half load: ${ours.p99.toFixed(2)} ms  (aim: at most 20 ms)\n`);

  await benchMany();
  await benchRest();
}

async function benchMany() {
  process.stdout.write(`\nMany conversations: ${MANY_PAIRS} conversations (${MANY_PAIRS * 2} connections), ${MANY_RATE} msg/s offered, 80-character bodies, ${DURATION_MS / 1000} s.\n`);
  const bareAtRate = await benchAtRate('bare Socket.IO relay', startBare, bareTarget);
  const oursAtRate = await benchAtRate('this server (embedded default)', startOurs, oursTarget);
  process.stdout.write(`${'server'.padEnd(32)}${'CPU/msg'.padStart(12)}${'delivered'.padStart(14)}${'p50'.padStart(10)}${'p99'.padStart(10)}\n`);
  for (const r of [bareAtRate, oursAtRate]) {
    process.stdout.write(
      `${r.name.padEnd(32)}${`${r.cpuMicrosPerMessage.toFixed(0)} µs`.padStart(12)}${`${Math.round(r.deliveredPerSec)} msg/s`.padStart(14)}${`${r.p50.toFixed(2)} ms`.padStart(10)}${`${r.p99.toFixed(2)} ms`.padStart(10)}\n`,
    );
  }
  process.stdout.write(
    `CPU per message, this server / bare relay: ${(oursAtRate.cpuMicrosPerMessage / bareAtRate.cpuMicrosPerMessage).toFixed(2)}×  (aim: at most 2×); p99 ${oursAtRate.p99.toFixed(2)} ms (aim: at most 10 ms)\n`,
  );
}

async function benchRest() {
  const escalations = Number(process.env.BENCH_ESCALATIONS ?? 500);
  process.stdout.write(`\nEscalation: ${escalations} risky messages on node 1 (10 at a time), on-call clinician on node 2, ordinary chat at 200 msg/s over 20 conversations on both nodes.\n`);
  const e = await benchEscalation({ escalations, concurrency: 10, chatPairs: 20, chatRatePerSec: 200 });
  process.stdout.write(`send → escalation:alerted across nodes: p50 ${e.p50.toFixed(1)} ms, p99 ${e.p99.toFixed(1)} ms over ${e.escalations} escalations (aim: p99 under 1000 ms); ${e.chatMessages} chat messages meanwhile\n`);

  process.stdout.write(`\nMatching: 1000 waiting mentees, 100 specialists declaring themselves available at once (5 rounds, all accepting at once).\n`);
  const m = await benchMatching({ mentees: 1000, specialists: 100, rounds: 5 });
  process.stdout.write(`availability:set → support:offer: p50 ${m.p50.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms over ${m.samples} offers (aim: p99 under 100 ms)\n`);

  const loads = await benchWebLoad();
  if (!loads) process.stdout.write('\nWeb app first load: skipped (no /usr/bin/chromium; npm test installs it)\n');
  else {
    const median = loads[Math.floor(loads.length / 2)]!;
    process.stdout.write(`\nWeb app first load, navigation to an interactive sign-in page, ${loads.length} fresh contexts: median ${median.toFixed(0)} ms, slowest ${loads.at(-1)!.toFixed(0)} ms (aim: within 1000 ms)\n`);
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
