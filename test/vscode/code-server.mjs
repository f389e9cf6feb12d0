// Starts and stops a throwaway code-server (VS Code's own server, from npm) and
// launches Debian's Chromium through playwright-core, for the in-editor tests.
// Every child runs in its own process group and is killed with it, also when the
// test process exits early.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const CHROMIUM_PATH = process.env.BATON_CHROMIUM || '/usr/bin/chromium';
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function cacheDir() {
  return process.env.BATON_VSCODE_CACHE
    ? resolve(process.env.BATON_VSCODE_CACHE)
    : join(repoRoot, '.vscode-test', 'code-server');
}

export function codeServerPackageDir() {
  return join(cacheDir(), 'node_modules', 'code-server');
}

export function codeServerEntry() {
  return join(codeServerPackageDir(), 'out', 'node', 'entry.js');
}

// User settings that keep the workbench quiet and deterministic for tests.
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.reduceMotion': 'on',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.layoutControl.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.commandCenter.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'npm.fetchOnlinePackageInfo': false,
  'json.schemaDownload.enable': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'files.autoSave': 'off',
  'editor.minimap.enabled': false,
  'editor.accessibilitySupport': 'off',
  'accessibility.signals.sounds.volume': 0,
  'window.commandCenter': false,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
};

// Flags that keep Chromium off the network and quiet in a container.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// Process groups still alive, and throwaway folders still on disk; both go when
// this process exits, however it exits.
const liveGroups = new Set();
const exitCleanups = new Set();

/** Runs `fn` (synchronous) if the process exits before the returned function is called. */
export function onExitCleanup(fn) {
  installExitHooks();
  exitCleanups.add(fn);
  return () => exitCleanups.delete(fn);
}

/** Removes a folder now or, failing that, quietly. */
export function removeDir(path) {
  try {
    rmSync(path, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // a process of a killed group may still be writing there; nothing to do
  }
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

let exitHooksInstalled = false;
function installExitHooks() {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', () => {
    for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
    for (const fn of exitCleanups) {
      try {
        fn();
      } catch {
        // best effort at exit
      }
    }
  });
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
    process.on(signal, () => {
      console.error(`[code-server] ${signal}: stopping child processes`);
      process.exit(code);
    });
  }
}

/** Resolves once no process of the group is left, or after `timeoutMs`. */
async function waitGroupGone(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!killGroup(pid, 0)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !killGroup(pid, 0);
}

/**
 * Runs a command in its own process group, bounded by `timeoutMs`.
 * Resolves with { code, output }; the group is killed on timeout.
 */
export function runGroup(cmd, args, { cwd, env, timeoutMs = 120_000 } = {}) {
  installExitHooks();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    liveGroups.add(child.pid);
    let output = '';
    const onData = (chunk) => {
      output += chunk.toString();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => {
      killGroup(child.pid, 'SIGKILL');
      reject(new Error(`\`${cmd} ${args.join(' ')}\` timed out after ${timeoutMs / 1000}s\n${output}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      liveGroups.delete(child.pid);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      killGroup(child.pid, 'SIGKILL');
      liveGroups.delete(child.pid);
      resolvePromise({ code, output });
    });
  });
}

/**
 * Starts code-server on a free 127.0.0.1 port with throwaway state.
 *
 * @param {object} options
 * @param {string} [options.workspace]        folder to open (also reported as server.workspace)
 * @param {string} [options.locale]           e.g. 'zh-cn'
 * @param {string[]} [options.installExtensions]  VSIX files or extension ids installed first
 * @param {boolean} [options.workspaceTrust]  false (default): --disable-workspace-trust
 * @param {object} [options.settings]         extra user settings, over QUIET_SETTINGS
 * @param {string} [options.logFile]          where to copy code-server's output
 * @param {number} [options.timeoutMs]        how long to wait for "HTTP server listening"
 * @param {boolean} [options.keepState]       keep the throwaway folders after stop()
 * @param {string} [options.state]            use (and keep) this folder for user data instead of a throwaway one
 * @param {number} [options.port]             listen here instead of on a free port (workspace storage is keyed by the URL)
 */
export async function startCodeServer(options = {}) {
  const {
    workspace,
    locale,
    installExtensions = [],
    workspaceTrust = false,
    settings = {},
    logFile,
    timeoutMs = 60_000,
    keepState: keep = false,
    state: givenState,
    port = 0,
  } = options;
  const keepState = keep || givenState !== undefined;
  const entry = codeServerEntry();
  if (!existsSync(entry)) {
    throw new Error(`code-server is not installed (${entry} is missing); run: node test/vscode/install.mjs`);
  }
  installExitHooks();

  const state = givenState ?? mkdtempSync(join(tmpdir(), 'baton-vscode-'));
  const cancelStateCleanup = keepState ? () => {} : onExitCleanup(() => removeDir(state));
  const dirs = {
    state,
    userData: join(state, 'user-data'),
    extensions: join(state, 'extensions'),
    xdgData: join(state, 'xdg-data'),
    xdgConfig: join(state, 'xdg-config'),
    xdgCache: join(state, 'xdg-cache'),
    tmp: join(state, 'tmp'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(
    join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({ ...QUIET_SETTINGS, 'security.workspace.trust.enabled': workspaceTrust, ...settings }, null, 2),
  );
  if (locale && !locale.toLowerCase().startsWith('en')) writeStubLanguagePack(dirs, locale.toLowerCase());
  const configFile = join(state, 'config.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');

  const env = {
    ...process.env,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_CACHE_HOME: dirs.xdgCache,
    TMPDIR: dirs.tmp,
  };
  // Not inherited from a surrounding VS Code or test run.
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.ELECTRON_RUN_AS_NODE;
  delete env.NODE_OPTIONS;

  const log = (text) => {
    if (logFile) appendFileSync(logFile, text);
  };
  if (logFile) mkdirSync(dirname(logFile), { recursive: true });

  const common = ['--config', configFile, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  for (const ext of installExtensions) {
    const r = await runGroup(process.execPath, [entry, ...common, '--install-extension', ext], { env, timeoutMs: 120_000 });
    log(`$ code-server --install-extension ${ext}\n${r.output}\n`);
    if (r.code !== 0 || !/successfully installed|already installed/i.test(r.output)) {
      removeDir(state);
      cancelStateCleanup();
      throw new Error(`installing ${ext} into code-server failed (exit ${r.code}):\n${r.output}`);
    }
  }

  const args = [
    entry,
    ...common,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
  ];
  if (!workspaceTrust) args.push('--disable-workspace-trust');
  if (locale) args.push('--locale', locale);
  if (workspace) args.push(workspace);

  const child = spawn(process.execPath, args, { env, cwd: state, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  liveGroups.add(child.pid);
  let output = '';
  let stopped;

  const server = {
    pid: child.pid,
    workspace,
    dirs,
    url: '',
    host: '',
    output: () => output,
    async stop() {
      if (stopped) return stopped;
      stopped = (async () => {
        killGroup(child.pid, 'SIGTERM');
        const gone = await waitGroupGone(child.pid, 5_000);
        if (!gone) {
          killGroup(child.pid, 'SIGKILL');
          await waitGroupGone(child.pid, 5_000);
        }
        liveGroups.delete(child.pid);
        if (!keepState) removeDir(state);
        cancelStateCleanup();
      })();
      return stopped;
    },
  };

  const listening = new Promise((resolveListening, rejectListening) => {
    const timer = setTimeout(() => {
      rejectListening(new Error(`code-server did not report "HTTP server listening" within ${timeoutMs / 1000}s:\n${output}`));
    }, timeoutMs);
    const onData = (chunk) => {
      const text = chunk.toString();
      output += text;
      log(text);
      const m = /HTTP server listening on (https?:\/\/[^\s]+)/.exec(output);
      if (m && !server.url) {
        clearTimeout(timer);
        const url = new URL(m[1]);
        server.url = `${url.protocol}//${url.host}`;
        server.host = url.host;
        resolveListening();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (err) => {
      clearTimeout(timer);
      rejectListening(err);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!server.url) rejectListening(new Error(`code-server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });

  try {
    await listening;
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

/**
 * VS Code only switches to a display language it has a language pack for, and the
 * packs come from the marketplace, out of reach here. An empty pack registered in
 * the user data folder is enough: the workbench and extensions run in `locale`
 * (vscode.env.language, vscode.l10n, package.nls.<locale>.json), and VS Code's own
 * words stay English since the pack translates nothing.
 */
function writeStubLanguagePack(dirs, locale) {
  const translations = join(dirs.state, 'language-pack', 'main.i18n.json');
  mkdirSync(dirname(translations), { recursive: true });
  writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  const packs = {
    [locale]: {
      hash: `baton-test-${locale}`,
      extensions: [{ extensionIdentifier: { id: `baton-test.language-pack-${locale}` }, version: '1.0.0' }],
      translations: { vscode: translations },
      label: locale,
    },
  };
  writeFileSync(join(dirs.userData, 'languagepacks.json'), JSON.stringify(packs, null, 2));
}

/** The workbench URL for a folder, with an optional test payload (see run-integration.mjs). */
export function workbenchUrl(server, { folder = server.workspace, payload } = {}) {
  const params = [];
  if (folder) params.push(`folder=${encodeURIComponent(folder)}`);
  if (payload) params.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${server.url}/${params.length ? `?${params.join('&')}` : ''}`;
}

/** A `vscode-remote://` URI for a path on the server, as the workbench payload wants it. */
export function remoteUri(server, absPath) {
  return `vscode-remote://${server.host}${absPath.split('/').map(encodeURIComponent).join('/')}`;
}

/** Launches Debian's Chromium through playwright-core; close the browser when done. */
export async function launchChromium({ headless = true } = {}) {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing; run: node test/vscode/install.mjs`);
  }
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless,
    args: CHROMIUM_ARGS,
    timeout: 30_000,
  });
}
