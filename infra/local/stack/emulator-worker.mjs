// Runs the in-process emulators (dynalite, fauxqs) on a worker thread, so on a 2-core machine the emulators and
// the handlers under test use both cores instead of sharing one event loop. Plain JavaScript on purpose: the
// worker loads no TypeScript and no project code, only the two npm packages.
import { parentPort, workerData } from 'node:worker_threads';
import dynalite from 'dynalite';
import { startFauxqs } from 'fauxqs';

const { dynaliteOptions, region, withDynalite } = workerData;
let server;
if (withDynalite) {
  server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...dynaliteOptions });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
}
const faux = await startFauxqs({ port: 0, logger: false, defaultRegion: region });
parentPort.postMessage({
  dynamodb: server ? `http://127.0.0.1:${server.address().port}` : undefined,
  fauxPort: faux.port,
});
parentPort.on('message', async (message) => {
  if (message !== 'stop') return;
  await faux.stop().catch(() => undefined);
  if (server) await new Promise((resolve) => server.close(() => resolve()));
  parentPort.postMessage('stopped');
  parentPort.close();
});
