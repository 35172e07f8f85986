// Hocuspocus 3.4.4 with its defaults, as its getting-started guide runs it, on a free loopback port.
import { Server } from '@hocuspocus/server';

const server = new Server({ port: 0, address: process.env.HOST ?? '127.0.0.1', quiet: true });
await server.listen();
console.log(`hocuspocus on ${server.address.port}`);
process.on('SIGTERM', () => server.destroy().then(() => process.exit(0)));
