import { connect, createServer } from 'node:net';
import type { Socket } from 'node:net';

export interface Balancer {
  url: string;
  wsUrl: string;
  /** Connections handed to each backend so far, by its URL. */
  counts: Map<string, number>;
  close(): Promise<void>;
}

/**
 * A TCP load balancer in front of several server instances, as a Kubernetes Service or an L4
 * balancer would be: each new connection goes to the next backend in turn, and to the one after
 * it when that one refuses (a killed instance). Participants keep one URL and land on a live
 * instance when they reconnect.
 */
export async function startBalancer(backends: string[]): Promise<Balancer> {
  let next = 0;
  const counts = new Map<string, number>();
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.pause();
    const tryBackend = (attempt: number) => {
      if (attempt >= backends.length) return client.destroy();
      const target = backends[next++ % backends.length]!;
      const { hostname, port } = new URL(target);
      const upstream = connect(Number(port), hostname);
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        counts.set(target, (counts.get(target) ?? 0) + 1);
        open.add(upstream);
        upstream.on('close', () => open.delete(upstream));
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      upstream.once('error', () => {
        if (!connected) tryBackend(attempt + 1);
      });
    };
    tryBackend(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
