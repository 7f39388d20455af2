import { io, type Socket } from 'socket.io-client';

/** One conversation under load: a sender and a receiver socket, both joined. */
export interface Pair {
  conversationId: string;
  sender: Socket;
  receiver: Socket;
}

export interface Target {
  url: string;
  /** Creates the conversation for pair `i` and returns its id plus the two tokens (if any). */
  prepare(i: number): Promise<{ conversationId: string; senderToken?: string; receiverToken?: string }>;
}

function connect(url: string, token: string | undefined): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: token ? { token } : {} });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

export async function openPairs(target: Target, count: number): Promise<Pair[]> {
  const pairs: Pair[] = [];
  for (let i = 0; i < count; i++) {
    const { conversationId, senderToken, receiverToken } = await target.prepare(i);
    const [sender, receiver] = await Promise.all([connect(target.url, senderToken), connect(target.url, receiverToken)]);
    for (const s of [sender, receiver]) {
      const res = await s.timeout(10_000).emitWithAck('conversation:join', { conversationId });
      if (!res.ok) throw new Error(`join failed: ${JSON.stringify(res)}`);
    }
    pairs.push({ conversationId, sender, receiver });
  }
  return pairs;
}

export function closePairs(pairs: Pair[]) {
  for (const p of pairs) {
    p.sender.disconnect();
    p.receiver.disconnect();
  }
}

let counter = 0;
/** An 80-character body ending in its send time, which the receiver reads back. */
const bodyAt = (sentAt: number) => {
  const stamp = ` ${sentAt.toFixed(3)}`;
  return 'bench message '.padEnd(80 - stamp.length, '.') + stamp;
};
const send = (pair: Pair, sentAt: number) =>
  pair.sender.timeout(30_000).emitWithAck('message:send', {
    conversationId: pair.conversationId,
    clientMessageId: `b${process.pid}-${++counter}`,
    body: bodyAt(sentAt),
  });

/** Counts deliveries at the receivers and the latency of each, from the send time in the body. */
function listen(pairs: Pair[]) {
  const latencies: number[] = [];
  let delivered = 0;
  let recording = false;
  for (const p of pairs) {
    p.receiver.on('message:created', (m: { body: string }) => {
      if (!recording) return;
      delivered++;
      const sentAt = Number(m.body.slice(m.body.lastIndexOf(' ') + 1));
      latencies.push(performance.now() - sentAt);
    });
  }
  return {
    start() {
      recording = true;
      delivered = 0;
      latencies.length = 0;
    },
    stop() {
      recording = false;
      return { delivered, latencies: [...latencies] };
    },
    off() {
      for (const p of pairs) p.receiver.off('message:created');
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Capacity: every sender keeps `window` messages in flight; delivered messages per second. */
export async function measureCapacity(pairs: Pair[], options: { window: number; warmupMs: number; durationMs: number }) {
  const meter = listen(pairs);
  let running = true;
  const loops = pairs.flatMap((pair) =>
    Array.from({ length: options.window }, async () => {
      while (running) {
        const res = await send(pair, performance.now());
        if (!res.ok) throw new Error(`send failed: ${JSON.stringify(res)}`);
      }
    }),
  );
  await sleep(options.warmupMs);
  meter.start();
  const started = performance.now();
  await sleep(options.durationMs);
  const { delivered } = meter.stop();
  const elapsed = (performance.now() - started) / 1000;
  running = false;
  await Promise.all(loops);
  meter.off();
  return delivered / elapsed;
}

/**
 * Latency at a fixed offered rate (open loop, spread over the senders): p50 and p99 in ms, and the
 * messages delivered while recording. `recording` hears when recording starts and stops (to read
 * the server's CPU time over the same span).
 */
export async function measureLatency(
  pairs: Pair[],
  options: { ratePerSec: number; warmupMs: number; durationMs: number; recording?: { start(): void; stop(): void } },
) {
  const meter = listen(pairs);
  const tickMs = 5;
  let owed = 0;
  let next = 0;
  const inFlight: Promise<unknown>[] = [];
  const ticker = setInterval(() => {
    owed += (options.ratePerSec * tickMs) / 1000;
    while (owed >= 1) {
      owed -= 1;
      const pair = pairs[next++ % pairs.length]!;
      inFlight.push(send(pair, performance.now()));
    }
  }, tickMs);
  await sleep(options.warmupMs);
  meter.start();
  options.recording?.start();
  const started = performance.now();
  await sleep(options.durationMs);
  const { latencies, delivered } = meter.stop();
  options.recording?.stop();
  const elapsed = (performance.now() - started) / 1000;
  clearInterval(ticker);
  await Promise.all(inFlight);
  meter.off();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99), samples: latencies.length, delivered, deliveredPerSec: delivered / elapsed };
}
