// `npm start`: read the configuration, ingest transcripts/, serve the API and the web app.
import os from 'node:os';
import { ConfigError, parseConfig, type Config } from './config/env.ts';
import { defaultSearchThreads, startServer } from './http/start-server.ts';

function readConfig(): Config {
  try {
    return parseConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const backend = config.meiliUrl ? `Meilisearch at ${config.meiliUrl}` : `SQLite in ${config.dataDir}`;
  console.log(`Verbatim: transcripts in ${config.transcriptsDir}, archive in ${backend}`);
  // Searches on their own threads (one per core, up to 4): a slow search never holds up
  // media, pages or other requests on the event loop.
  const searchThreads = config.meiliUrl ? 0 : defaultSearchThreads(os.availableParallelism());
  const server = await startServer(config, { log: (line) => console.log(line), searchThreads });
  console.log(`Verbatim is listening on ${server.url} (API reference: ${server.url}/api/docs)`);

  const shutdown = (signal: string) => {
    console.log(`${signal}: finishing in-flight requests, then closing the archive…`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('Shutdown failed:', err);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
