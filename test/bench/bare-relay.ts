/**
 * The baseline for the benchmark: a bare Socket.IO relay speaking the same events, with no
 * authentication, validation, storage or rate limiting. Whatever our server costs above this
 * is the price of those.
 */
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Server } from 'socket.io';

const port = Number(process.env.PORT ?? 0);
const httpServer = createServer();
const io = new Server(httpServer, { serveClient: false });
const seqs = new Map<string, number>();

io.on('connection', (socket) => {
  socket.on('conversation:join', (payload: { conversationId: string }, ack: (r: unknown) => void) => {
    void socket.join(payload.conversationId);
    ack({ ok: true, lastSeq: seqs.get(payload.conversationId) ?? 0 });
  });
  socket.on('message:send', (payload: { conversationId: string; clientMessageId: string; body: string }, ack: (r: unknown) => void) => {
    const seq = (seqs.get(payload.conversationId) ?? 0) + 1;
    seqs.set(payload.conversationId, seq);
    const message = { ...payload, id: randomUUID(), seq, createdAt: new Date().toISOString() };
    io.to(payload.conversationId).emit('message:created', message);
    ack({ ok: true, message });
  });
});

httpServer.listen(port, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ msg: 'listening', port: (httpServer.address() as { port: number }).port })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
