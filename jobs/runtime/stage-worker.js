// Worker-thread entry for piscina: runs the stage's script (workerScript: the stage module bundled
// with its imports) and serves its default export.
import { createRequire } from 'node:module';
import { workerData } from 'node:worker_threads';

const module = { exports: {} };
new Function('require', 'module', 'exports', workerData.script)(
  createRequire(import.meta.url),
  module,
  module.exports,
);
export default module.exports.default;
