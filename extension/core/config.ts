// baton.config.json: where the KB lives, what to ignore, rule severities and extra types.
// It is validated by schemas/config.schema.json, with positions for every error.
import configSchema from '../../schemas/config.schema.json';
import { parseDocument } from 'yaml';
import { createAjv } from './document-types';
import { msg } from './message';
import { LineIndex } from './text';
import type { FileSystemHost } from './host';
import type { Message, Range, SeveritySetting } from './types';
import { join } from './paths';
import { keyRangeFromPointer } from './json-positions';
import { DEFAULT_SLA, mergeSla, type SlaConfig } from './sla/settings';
import { BusinessCalendar } from './sla/calendar';
import { DEFAULT_SECRETS, mergeSecrets, type SecretsConfig } from './secrets/settings';

export const CONFIG_FILE = 'baton.config.json';

export interface TypeSettings {
  schema?: string;
  idPattern?: string;
  idTemplate?: string;
  folder?: string;
  sections?: Array<{ zh: string; en: string }>;
}

/** Freshness windows: how long after a change its documents have to be updated. */
export interface FreshnessConfig {
  /** Default window, e.g. "24h". */
  window: string;
  /** Window by document type. */
  types: Record<string, string>;
  /** Window by case severity; a case with one of these severities is also due after its `resolved_at`. */
  severities: Record<string, string>;
  /** When the team adopted the rule (a date or ISO time): earlier changes are not counted. */
  since?: string;
}

export interface BatonConfig {
  roots: string[];
  ignore: string[];
  templates: string;
  rules: Record<string, SeveritySetting>;
  types: Record<string, TypeSettings>;
  team?: string[];
  owners?: Record<string, string>;
  maxFileSize: number;
  parseTimeoutMs: number;
  freshness: FreshnessConfig;
  /** Support levels: targets per severity and the business calendar (case-sla, `baton sla`). */
  sla: SlaConfig;
  /** The no-secrets check: allowlist and detectors. */
  secrets: SecretsConfig;
}

export const DEFAULT_CONFIG: BatonConfig = {
  roots: ['kb'],
  ignore: [],
  templates: 'kb/_templates',
  rules: {},
  types: {},
  maxFileSize: 2 * 1024 * 1024,
  parseTimeoutMs: 10_000,
  freshness: { window: '24h', types: {}, severities: { P0: '48h', P2: '2bd' } },
  sla: DEFAULT_SLA,
  secrets: DEFAULT_SECRETS,
};

export interface ConfigProblem {
  file: string;
  range: Range;
  message: Message;
}

export interface LoadedConfig {
  config: BatonConfig;
  /** Absolute path of the repository root the config is relative to. */
  rootDir: string;
  /** The file read, when there was one. */
  file?: string;
  /** Text of the file, for hashing into caches. */
  text?: string;
  problems: ConfigProblem[];
}

const validateConfig = createAjv().compile(configSchema);

export function parseConfig(file: string, text: string): { config: BatonConfig; problems: ConfigProblem[] } {
  const lines = new LineIndex(text);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // V8 says "... in JSON at position N"; point there.
    const detail = error instanceof Error ? error.message : String(error);
    const at = Number(/position (\d+)/.exec(detail)?.[1] ?? 0);
    return { config: DEFAULT_CONFIG, problems: [{ file, range: lines.range(at, at), message: msg('Invalid JSON: {0}', detail.replace(/ in JSON at position \d+.*$/, '')) }] };
  }
  // JSON is YAML: the yaml package's tree gives each key's position for schema errors.
  const doc = parseDocument(text, { schema: 'json', prettyErrors: false });
  if (!validateConfig(data)) {
    const problems = (validateConfig.errors ?? []).map((error) => {
      const pointer = error.instancePath + (error.keyword === 'additionalProperties' ? `/${(error.params as { additionalProperty: string }).additionalProperty}` : '');
      const detail = error.keyword === 'enum' ? `${error.message}: ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` : error.message ?? '';
      return {
        file,
        range: keyRangeFromPointer(doc, lines, pointer),
        message: msg('Invalid config at "{0}": {1}', pointer || '/', error.keyword === 'additionalProperties' ? 'unknown property' : detail),
      };
    });
    return { config: DEFAULT_CONFIG, problems };
  }
  const given = data as Partial<BatonConfig>;
  const config = { ...DEFAULT_CONFIG, ...given };
  if (given.freshness) {
    // Windows named in the file add to the defaults rather than replace them all.
    const d = DEFAULT_CONFIG.freshness;
    const f = given.freshness as Partial<FreshnessConfig>;
    config.freshness = { window: f.window ?? d.window, types: { ...d.types, ...f.types }, severities: { ...d.severities, ...f.severities }, ...(f.since ? { since: f.since } : {}) };
  }
  // Targets and calendar entries named in the file add to the defaults key by key.
  config.sla = mergeSla(given.sla);
  config.secrets = mergeSecrets(given.secrets);
  const semantic = checkSemantics(config, file, (pointer) => keyRangeFromPointer(doc, lines, pointer));
  if (semantic.length > 0) return { config: DEFAULT_CONFIG, problems: semantic };
  return { config, problems: [] };
}

/** What the schema cannot say: working hours that end before they start, regexes that do not compile. */
function checkSemantics(config: BatonConfig, file: string, at: (pointer: string) => Range): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  try {
    new BusinessCalendar(config.sla.calendar);
  } catch (error) {
    problems.push({ file, range: at('/sla/calendar'), message: msg('Invalid config at "{0}": {1}', '/sla/calendar', error instanceof Error ? error.message : String(error)) });
  }
  config.secrets.allowlist.regexes.forEach((source, i) => {
    try {
      new RegExp(source, 'u');
    } catch (error) {
      const pointer = `/secrets/allowlist/regexes/${i}`;
      problems.push({ file, range: at(pointer), message: msg('Invalid config at "{0}": {1}', pointer, error instanceof Error ? error.message : String(error)) });
    }
  });
  return problems;
}

/** Reads baton.config.json from `rootDir`; no file means the defaults. */
export async function loadConfig(fs: FileSystemHost, rootDir: string): Promise<LoadedConfig> {
  const file = join(rootDir, CONFIG_FILE);
  const stat = await fs.stat(file);
  if (!stat?.isFile) return { config: DEFAULT_CONFIG, rootDir, problems: [] };
  const text = new TextDecoder().decode(await fs.readFile(file));
  const { config, problems } = parseConfig(file, text);
  return { config, rootDir, file, text, problems };
}
