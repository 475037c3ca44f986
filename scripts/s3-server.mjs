// Starts s3rver (an S3-protocol server) on loopback for tests and local demos.
// Usage: node s3-server.mjs DIRECTORY [PORT]   (PORT 0 or absent: a free port)
// Prints one line "endpoint=http://127.0.0.1:PORT" once it listens, then serves until killed (SIGTERM/SIGINT).
import S3rver from 's3rver';
import { mkdirSync } from 'node:fs';

const [directory, portArg] = process.argv.slice(2);
if (!directory) {
   console.error('usage: node s3-server.mjs DIRECTORY [PORT]');
   process.exit(2);
}
mkdirSync(directory, { recursive: true });
const server = new S3rver({ address: '127.0.0.1', port: Number(portArg ?? 0), directory, silent: true });
const { address, port } = await server.run();
console.log(`endpoint=http://${address}:${port}`);
const stop = async () => { await server.close(); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
