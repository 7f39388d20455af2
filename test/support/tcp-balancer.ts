import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A load balancer for tests: each new TCP connection goes to the next backend in turn, skipping
 * backends that refuse. Websocket clients keep one connection, so this is sticky enough.
 */
export class TcpBalancer {
  private next = 0;
  private readonly open = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(backends: () => number[]): Promise<TcpBalancer> {
    let balancer: TcpBalancer;
    const server = createServer((client) => balancer.route(client, backends()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    balancer = new TcpBalancer(server, (server.address() as { port: number }).port);
    return balancer;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private route(client: Socket, ports: number[], tried = 0) {
    client.pause();
    this.open.add(client);
    client.once('close', () => this.open.delete(client));
    client.on('error', () => client.destroy());
    if (tried >= ports.length) return client.destroy();
    const port = ports[this.next++ % ports.length]!;
    const upstream = connect(port, '127.0.0.1');
    upstream.once('connect', () => {
      this.open.add(upstream);
      upstream.once('close', () => {
        this.open.delete(upstream);
        client.destroy();
      });
      client.once('close', () => upstream.destroy());
      client.pipe(upstream).pipe(client);
      client.resume();
    });
    upstream.once('error', () => {
      if (upstream.readyState === 'opening' || !upstream.remoteAddress) this.route(client, ports, tried + 1);
      else client.destroy();
    });
  }

  async close(): Promise<void> {
    for (const s of this.open) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
