// The server process the HTTP benchmark loads: startServer with a given number of search
// threads (argv[2]), configured from the environment like server/main.ts.
import { parseConfig } from '../../server/config/env.ts';
import { startServer } from '../../server/http/start-server.ts';

const searchThreads = Number(process.argv[2] ?? 0);
const server = await startServer(parseConfig(), { searchThreads });
console.log(`listening on ${server.url} with ${searchThreads} search threads`);
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
