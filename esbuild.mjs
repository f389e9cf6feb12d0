// Bundles the extension, the CLI, the parse worker and the in-editor test suites with esbuild.
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, chmodSync, readFileSync, writeFileSync } from 'node:fs';
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

/**
 * The Simplified Chinese bundle for vscode.l10n and the CLI is made from one part per
 * feature (l10n/zh-cn/*.json), so features add their words without touching each other's.
 */
function buildL10n() {
  const dir = 'l10n/zh-cn';
  const merged = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const part = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    for (const [key, value] of Object.entries(part)) {
      if (key in merged && merged[key] !== value) throw new Error(`l10n: "${key}" is translated differently in ${file}`);
      merged[key] = value;
    }
  }
  writeFileSync('l10n/bundle.l10n.zh-cn.json', JSON.stringify(merged, null, 2) + '\n');
}
buildL10n();

const builds = [
  { ...common, entryPoints: { extension: 'extension/vscode/extension.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { cli: 'extension/cli/bin.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: { 'parse-worker': 'extension/node-host/parse-worker.ts' }, outdir: 'dist' },
  {
    ...common,
    entryPoints: suiteEntries('test/integration'),
    outdir: 'out/test/integration',
    external: ['vscode', 'mocha'],
  },
].filter((b) => (Array.isArray(b.entryPoints) ? b.entryPoints.length > 0 : true));

if (watch) {
  // Lines the watch task's problem matcher waits on (.vscode/tasks.json).
  const announce = {
    name: 'announce',
    setup(build) {
      build.onStart(() => console.log('[watch] build started'));
      build.onEnd((result) => console.log(`[watch] build finished (${result.errors.length} errors)`));
    },
  };
  const contexts = await Promise.all(builds.map((b) => esbuild.context({ ...b, plugins: [announce] })));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  chmodSync('dist/cli.js', 0o755);
}
