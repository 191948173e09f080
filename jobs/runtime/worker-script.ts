import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const scripts = new Map<string, Promise<string>>();

/**
 * A thread module and the project modules it imports as one CommonJS script, bundled once a process
 * by esbuild (which tsx already runs on). A worker runs it as it is: loading TypeScript through tsx
 * instead would cost each thread ~0.3 s of CPU (registering the loader, starting its hooks thread,
 * resolving every import through it) before its first task. Packages stay `require`s, resolved from
 * the module's own folder whatever the working directory; the script leaves its exports on `module`.
 */
export function workerScript(moduleUrl: URL): Promise<string> {
  let script = scripts.get(moduleUrl.href);
  if (!script) {
    const file = fileURLToPath(moduleUrl);
    script = build({
      entryPoints: [file],
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    }).then((result) => {
      // A module that reads import.meta (empty in CommonJS) would fail in the thread, far from here.
      if (result.warnings.length > 0)
        throw new Error(`workerScript: ${file}: ${result.warnings.map((w) => w.text).join('; ')}`);
      const bundle = result.outputFiles[0]!.text;
      return `((require) => {\n${bundle}\n})(require('node:module').createRequire(${JSON.stringify(file)}));\n`;
    });
    scripts.set(moduleUrl.href, script);
  }
  return script;
}
