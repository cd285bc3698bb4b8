// Starts a server, prints its pid, then ends without calling stop(): the way a crashed or careless test
// process would. argv[2] is 'exit' (process.exit) or 'wait' (sit until a signal arrives).
import { startLlamaServer } from '../start-llama-server.js';

const server = await startLlamaServer({ seed: 2, slots: 1 });
process.stdout.write(`${server.pid}\n`);
if (process.argv[2] === 'exit') process.exit(0);
setInterval(() => {}, 1_000);
