import { readConfig } from './config.ts';
import { startServer } from './server.ts';

/**
 * Environment: PORT (8080; 0 picks a free port), HOST (0.0.0.0), DATA_DIR (./data),
 * TWINLAB_SECRET (else one is generated and kept in DATA_DIR/secret), TWINLAB_DURABILITY
 * (full | normal), SCENARIOS_DIR, CLIENT_DIR, and the limits in config.ts.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = readConfig(process.env);
  } catch (e) {
    console.error(`twinlab: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }
  const server = await startServer(config);
  // Tests and scripts read this line to find the port.
  console.log(`TwinLab listening on ${server.url}`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.logger.info(`${signal}: checkpointing sessions and stopping`, { event: 'signal', signal });
    server.close().then(
      () => process.exit(0),
      (e) => {
        server.logger.error('shutdown failed', { event: 'stop_failed', err: e });
        process.exit(1);
      },
    );
  };
  // Every client-facing path handles its own errors; should one slip through, log it and keep
  // serving the other sessions rather than drop every participant.
  process.on('unhandledRejection', (e) => server.logger.error('unhandled rejection', { event: 'unhandled_rejection', err: e }));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e) => {
  console.error('twinlab: could not start:', e);
  process.exit(1);
});
