// Bundles the CLI and server (src/cli/main.ts and everything it imports) into build/cli/sousei.mjs
// with esbuild, so that `sousei serve` starts without compiling TypeScript at boot; beside it the
// entry of the worker threads that take the server's heavy jobs (src/services/ops/offload-worker.ts →
// build/cli/offload-worker.mjs, found next to the bundle). Packages in node_modules stay external. bin/sousei.js uses the bundle only while it is newer than every
// file under src/; otherwise it runs the TypeScript through tsx.
import { build } from 'esbuild';

await build({
  entryPoints: { sousei: 'src/cli/main.ts', 'offload-worker': 'src/services/ops/offload-worker.ts' },
  outdir: 'build/cli',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Lazily loaded commands stay separate chunks' worth of code in one file; that is fine.
});
