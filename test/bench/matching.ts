/**
 * With 1,000 waiting mentees, 100 specialists declare themselves available at once: the time from
 * each `availability:set` to that specialist's `support:offer`. They all accept at once, go busy,
 * and declare again, for several rounds. Our server on the embedded default, in its own process.
 */
import { io, type Socket } from 'socket.io-client';
import { signToken } from '../../server/auth/tokens.js';
import { TEST_KEYS } from '../support/cluster.js';
import { freePort, startServerProcess } from '../support/processes.js';
import { httpJson, TEST_JWT } from '../support/server.js';

export interface MatchingBenchResult {
  samples: number;
  p50: number;
  p99: number;
}

const token = (role: 'mentee' | 'specialist', sub: string) => signToken(TEST_KEYS, { role, sub, name: sub }, 3600);

function connect(url: string, t: string): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: t } });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

export async function benchMatching(options: { mentees: number; specialists: number; rounds: number }): Promise<MatchingBenchResult> {
  const port = await freePort();
  const server = startServerProcess({ ...TEST_JWT, PORT: String(port), HOST: '127.0.0.1', MESSAGE_RATE_PER_SEC: '0', COMMAND_POINTS_PER_MINUTE: '0', MAX_CONNECTIONS_PER_ADDRESS: '0', HANDSHAKES_PER_MINUTE_PER_ADDRESS: '0', OFFER_TIMEOUT_SEC: '60' });
  const url = `http://127.0.0.1:${port}`;
  const sockets: Socket[] = [];
  try {
    await server.waitForOutput('"msg":"listening"', 30_000);
    const specialists: Socket[] = [];
    for (let i = 0; i < options.specialists; i++) {
      const sub = `bench-specialist-${i}`;
      const res = await httpJson(`${url}/api/specialists/me`, {
        method: 'PUT',
        token: token('specialist', sub),
        body: { displayName: sub, bio: 'bench', specialties: ['anxiety'], languages: ['nl'], certified: true, engagement: 'volunteer', maxActiveMentees: 100 },
      });
      if (res.status !== 200) throw new Error(`profile failed: ${JSON.stringify(res.body)}`);
      specialists.push(await connect(url, token('specialist', sub)));
    }
    for (let i = 0; i < options.mentees; i++) {
      const mentee = await connect(url, token('mentee', `bench-mentee-${i}`));
      sockets.push(mentee);
      const res = await mentee.timeout(10_000).emitWithAck('support:request', { topic: 'anxiety', language: 'nl' });
      if (!res.ok) throw new Error(`request failed: ${JSON.stringify(res)}`);
    }
    sockets.push(...specialists);

    const latencies: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      // Start each round from busy, so every offer measured follows the availability:set it answers,
      // and once the previous round's queue announcements (to the ~900 still waiting) have gone out.
      await Promise.all(specialists.map((s) => s.timeout(10_000).emitWithAck('availability:set', { status: 'busy' })));
      await new Promise((r) => setTimeout(r, 1500));
      const offers = await Promise.all(
        specialists.map(
          (s) =>
            new Promise<{ socket: Socket; requestId: string; ms: number }>((resolve, reject) => {
              const started = performance.now();
              const timer = setTimeout(() => reject(new Error('no offer within 10 s')), 10_000);
              s.once('support:offered', (offer: { request: { id: string } }) => {
                clearTimeout(timer);
                resolve({ socket: s, requestId: offer.request.id, ms: performance.now() - started });
              });
              s.emit('availability:set', { status: 'available' }, () => {});
            }),
        ),
      );
      latencies.push(...offers.map((o) => o.ms));
      // Everyone accepts at once.
      const accepted = await Promise.all(offers.map((o) => o.socket.timeout(10_000).emitWithAck('support:accept', { requestId: o.requestId })));
      const failed = accepted.filter((a) => !a.ok);
      if (failed.length > 0) throw new Error(`accept failed: ${JSON.stringify(failed[0])}`);
    }
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
    return { samples: latencies.length, p50: at(0.5), p99: at(0.99) };
  } catch (err) {
    process.stderr.write(server.output().split('\n').filter((l) => /"level":(40|50)/.test(l)).slice(-5).join('\n'));
    throw err;
  } finally {
    for (const s of sockets) s.disconnect();
    server.child.kill('SIGTERM');
    await server.exited;
  }
}
