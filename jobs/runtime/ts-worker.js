// Worker-thread entry for piscina: workers do not inherit the main thread's TypeScript loader,
// so each registers tsx, then loads the stage module named in workerData and serves its default export.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const stage = await import(workerData.module);
export default stage.default;
