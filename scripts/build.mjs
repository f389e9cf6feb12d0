// Bundles the extension, the CLI, the parse worker and the in-editor test suites with esbuild.
import * as esbuild from 'esbuild';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
};

function suiteEntries(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));
}

const builds = [
  { ...common, entryPoints: { extension: 'extension/vscode/extension.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { cli: 'extension/cli/bin.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { 'parse-worker': 'extension/node-host/parse-worker.ts' }, outdir: 'dist' },
  {
    ...common,
    entryPoints: suiteEntries('test/integration'),
    outdir: 'out/test/integration',
    external: ['vscode', 'mocha'],
  },
].filter((b) => (Array.isArray(b.entryPoints) ? b.entryPoints.length > 0 : true));

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] build started');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
