import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on a free port that keeps what it receives; `stop()` then `start()` again on the same port (an outage). */
export async function startSmtp(): Promise<{ url: string; mails: ReceivedMail[]; stop(): Promise<void>; start(): Promise<void>; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  let port = 0;
  let server: SMTPServer;
  const start = async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
        stream.on('end', () => {
          mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    port = (server.server.address() as AddressInfo).port;
  };
  await start();
  const stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { url: `smtp://127.0.0.1:${port}`, mails, stop, start, close: stop };
}

/** A real HTTP server that records every JSON POST (a pager's events endpoint); answers `status()`. */
export async function startHookServer(status: () => number = () => 202): Promise<{ url: string; calls: Array<{ path: string; body: any }>; close(): Promise<void> }> {
  const calls: Array<{ path: string; body: any }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      calls.push({ path: req.url ?? '/', body: JSON.parse(body || 'null') });
      res.writeHead(status(), { 'content-type': 'application/json' }).end('{"status":"success"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v2/enqueue`, calls, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
