// The engine both faces drive: load config and types, index every document under the
// roots, keep the index current as files change, and produce findings.
import picomatch from 'picomatch';
import { Analyzer, toFinding, type AnalyzerSetup } from './analyzer';
import { loadConfig, type BatonConfig, type ConfigProblem, type LoadedConfig } from './config';
import { DocumentTypeError } from './document-types';
import type { FileStat, Host } from './host';
import { KbIndex, type IndexedDocument } from './kb-index';
import { resolveLink } from './links';
import { msg } from './message';
import type { FreshnessReport } from './freshness/types';
import { hashText } from './parse-document';
import { isInside, join, relative } from './paths';
import { RULES } from './rules';
import { redactFinding } from './secrets/redact';
import { pointRange } from './text';
import type { Finding, Message } from './types';

/** Bumped when parsing or a file rule changes, so caches made by older versions are not used. */
export const ENGINE_VERSION = '2';

const RULE_BY_ID = new Map(RULES.map((rule) => [rule.id, rule]));

/** Where parsing and file rules run: in-process, or a worker pool with a time bound. */
export interface DocumentSource {
  /** `urgent` (an edit in the editor) goes ahead of a scan's queue; a pool otherwise takes larger documents first. */
  analyze(path: string, data: Uint8Array | string, options?: { urgent?: boolean }): Promise<IndexedDocument>;
  dispose(): void;
}

/** Results of file analysis by content hash, e.g. on disk between CLI runs. */
export interface AnalysisCache {
  get(key: string): IndexedDocument | undefined;
  /** `stat` is the file's, taken before it was read, when it is safe to know the file by it later. */
  set(key: string, doc: IndexedDocument, stat?: FileStat): void;
  /**
   * The key last stored for this path with this size and modification time, if the cache
   * keeps stats: the file has not been written since it was read, so it need not be read again.
   */
  keyFor?(path: string, stat: FileStat): string | undefined;
}

/**
 * Findings of the `shapeOnly` rules kept between runs (`baton lint --cache`), each valid for
 * one document content under one shape of the index (`Engine` hashes `KbIndex.shapeText()`).
 */
export interface ShapeMemo {
  get(shape: string, path: string, hash: string): Finding[] | undefined;
  set(shape: string, path: string, hash: string, findings: Finding[]): void;
}

export interface EngineOptions {
  /** Builds the document source from the setup; defaults to in-process analysis. */
  source?: (setup: AnalyzerSetup, analyzer: Analyzer) => DocumentSource;
  cache?: AnalysisCache;
  shapeMemo?: ShapeMemo;
  /** In an untrusted workspace, schemas from the workspace are not loaded. */
  trusted?: boolean;
}

export interface ScanOptions {
  first?: string;
  onProgress?: (done: number, total: number) => void;
  restAfter?: Promise<unknown>;
  /**
   * Read each document's frontmatter only, on this thread: no body, no file rules, no cache.
   * For a command that needs fields alone; the index then has no headings, links or tasks.
   */
  frontmatterOnly?: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map((p) => p.message.text).join('; '));
  }
}

export function inProcessSource(analyzer: Analyzer): DocumentSource {
  return { analyze: async (path, data) => analyzer.analyze(path, data), dispose() {} };
}

const MARKDOWN = /\.(?:md|markdown)$/i;
/** Files read at once during a scan, and the bytes read ahead of the parser at most. */
const SCAN_READS = 32;
const SCAN_READ_AHEAD = 64 * 1024 * 1024;
/** Folders read at once while walking the roots. */
const WALK_READS = 8;
/** The largest text an editor's edit is parsed on the main thread (about 10 ms with the fast parser). */
const IN_PROCESS_MAX = 128 * 1024;
const SKIPPED_DIRS = new Set(['node_modules', '.git']);
/**
 * A file written this recently before it was read may be written again within the same tick of
 * the file system's clock, keeping its modification time: its stat is not kept, so the next
 * scan reads it again and goes by its content hash.
 */
const RECENT_WRITE_MS = 2000;

export class Engine {
  readonly index = new KbIndex();
  readonly analyzer: Analyzer;
  readonly config: BatonConfig;
  readonly rootDir: string;
  /** Hash of everything besides a file's bytes that its analysis depends on. */
  readonly setupKey: string;
  /** Freshness from git, filled by `updateFreshness()` (it needs async git work); the stale and pending rules read it. */
  freshness?: FreshnessReport;
  private readonly source: DocumentSource;
  /** Things the user should know that are not findings, e.g. what an untrusted workspace turns off. */
  readonly notices: Message[] = [];
  private readonly ignored: (relativePath: string) => boolean;

  private constructor(readonly host: Host, readonly loaded: LoadedConfig, setup: AnalyzerSetup, private readonly options: EngineOptions) {
    this.config = loaded.config;
    this.rootDir = loaded.rootDir;
    this.analyzer = new Analyzer(setup);
    this.source = options.source ? options.source(setup, this.analyzer) : inProcessSource(this.analyzer);
    // The rule ids too, so adding a rule never reuses analyses made without it.
    this.setupKey = hashText(JSON.stringify([ENGINE_VERSION, RULES.map((rule) => rule.id), setup.config, setup.schemas]));
    const patterns = [...this.config.ignore, `${this.config.templates.replace(/\/+$/, '')}/**`];
    this.ignored = picomatch(patterns, { dot: true });
  }

  /** Loads config and schemas; throws ConfigError with positions when either is wrong. */
  static async open(host: Host, rootDir: string, options: EngineOptions = {}): Promise<Engine> {
    const loaded = await loadConfig(host.fs, rootDir);
    if (loaded.problems.length > 0) throw new ConfigError(loaded.problems);
    const where = loaded.file ?? join(rootDir, 'baton.config.json');
    const schemas: Record<string, unknown> = {};
    const problems: ConfigProblem[] = [];
    const notices: Message[] = [];
    let config = loaded.config;
    for (const [name, type] of Object.entries(loaded.config.types)) {
      if (!type.schema) continue;
      if (options.trusted === false) {
        // A workspace schema's patterns could be catastrophic regular expressions: not in an untrusted workspace.
        const { [name]: _dropped, ...rest } = config.types;
        config = { ...config, types: rest };
        notices.push(msg('Type "{0}" uses a schema from the workspace, which is not loaded in an untrusted workspace', name));
        continue;
      }
      try {
        schemas[type.schema] = JSON.parse(new TextDecoder().decode(await host.fs.readFile(join(rootDir, type.schema))));
      } catch (error) {
        problems.push({ file: where, range: pointRange(1), message: msg('Cannot read the schema of type "{0}" ({1}): {2}', name, type.schema, error instanceof Error ? error.message : String(error)) });
      }
    }
    if (problems.length > 0) throw new ConfigError(problems);
    try {
      const engine = new Engine(host, { ...loaded, config }, { config, schemas }, options);
      engine.notices.push(...notices);
      return engine;
    } catch (error) {
      if (error instanceof DocumentTypeError) {
        throw new ConfigError([{ file: where, range: pointRange(1), message: msg('{0}', error.message) }]);
      }
      throw error;
    }
  }

  get types() {
    return this.analyzer.types;
  }

  roots(): string[] {
    return this.config.roots.map((r) => join(this.rootDir, r));
  }

  /** True for a Markdown file under a root that is not ignored. */
  isDocument(path: string): boolean {
    if (!MARKDOWN.test(path)) return false;
    return this.inRoots(path);
  }

  private inRoots(path: string): boolean {
    if (!this.roots().some((root) => isInside(root, path))) return false;
    return !this.ignored(relative(this.rootDir, path));
  }

  /**
   * Every document path under the roots (and every other file there), found by walking the
   * host's file system, several folders at a time. Both lists are sorted, so nothing that
   * depends on their order varies with the file system or with which read finished first.
   */
  async listFiles(): Promise<{ documents: string[]; others: string[] }> {
    const documents: string[] = [];
    const others: string[] = [];
    const base = this.rootDir.endsWith('/') ? this.rootDir : `${this.rootDir}/`;
    // Paths met in the walk lie inside a root already: only the ignore patterns are left to ask.
    const rel = (path: string) => (path.startsWith(base) ? path.slice(base.length) : relative(this.rootDir, path));
    const seen = new Set<string>();
    const pending = this.roots().filter((root) => !seen.has(root) && seen.add(root));
    let active = 0;
    await new Promise<void>((resolve) => {
      const next = () => {
        if (pending.length === 0 && active === 0) return resolve();
        while (pending.length > 0 && active < WALK_READS) {
          const dir = pending.pop()!;
          active++;
          this.host.fs
            .readDirectory(dir)
            .catch(() => [])
            .then((entries) => {
              const prefix = dir.endsWith('/') ? dir : `${dir}/`;
              for (const entry of entries) {
                const path = prefix + entry.name;
                if (entry.isDirectory) {
                  if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.') && !seen.has(path) && !this.ignored(`${rel(path)}/`)) {
                    seen.add(path);
                    pending.push(path);
                  }
                } else if (entry.isFile && !this.ignored(rel(path))) {
                  (MARKDOWN.test(entry.name) ? documents : others).push(path);
                }
              }
              active--;
              next();
            });
        }
      };
      next();
    });
    documents.sort();
    others.sort();
    return { documents, others };
  }

  /**
   * Indexes every document; `first` (an open editor's file) is analysed before the rest, and
   * the rest waits for `restAfter` if given (e.g. a cache being loaded meanwhile).
   */
  async scan(options: ScanOptions = {}): Promise<void> {
    this.scans++;
    try {
      await this.scanAll(options);
    } finally {
      this.scans--;
    }
  }

  /** True while a scan runs: the index holds only part of the KB, so rules that need all of it wait. */
  get scanning(): boolean {
    return this.scans > 0;
  }

  private scans = 0;

  private async scanAll(options: ScanOptions): Promise<void> {
    // The open document is read and analysed on this thread while the folders are walked: its
    // findings need no worker to start first.
    const first = options.first && this.isDocument(options.first) ? options.first : undefined;
    const firstClaim = first ? this.claim(first) : 0;
    const firstDoc = first
      ? this.host.fs.readFile(first).then(
          (bytes) => this.analyzeData(first, bytes, 'here'),
          () => undefined,
        )
      : undefined;
    const { documents, others } = await this.listFiles();
    for (const file of others) this.index.addFile(file);
    for (const file of documents) this.index.addFile(file);
    const ordered = first && documents.includes(first) ? [first, ...documents.filter((d) => d !== first)] : documents;
    let done = 0;
    const rest = ordered.slice(first && ordered[0] === first ? 1 : 0);
    if (rest.length < ordered.length) {
      const doc = await firstDoc;
      // Unless it was changed or removed while it was read: that change has it.
      if (this.settle(first!, firstClaim)) {
        if (doc) this.indexDocument(doc);
        else this.remove(first!);
      }
      options.onProgress?.(++done, ordered.length);
    } else if (first) this.settle(first, firstClaim);
    await options.restAfter?.catch(() => undefined);
    if (options.frontmatterOnly) return this.scanFrontmatter(rest, () => options.onProgress?.(++done, ordered.length));
    // Read ahead of the parser (bounded in bytes), so the pool holds many documents and can
    // take the largest first: a slow one then runs beside the rest, not alone at the end.
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let reading = 0;
      let active = 0;
      let ahead = 0;
      const step = () => {
        if (next >= rest.length && active === 0) return resolve();
        while (next < rest.length && reading < SCAN_READS && ahead < SCAN_READ_AHEAD) {
          const path = rest[next++];
          reading++;
          active++;
          const claim = this.claim(path);
          this.readForScan(path)
            .then(
              async (read) => {
                reading--;
                if ('doc' in read) {
                  if (this.settle(path, claim)) this.indexDocument(read.doc);
                  return;
                }
                const { bytes, stat } = read;
                ahead += bytes.byteLength;
                step();
                await this.put(path, bytes, 'queue', claim, stat);
                ahead -= bytes.byteLength;
              },
              () => {
                reading--;
                if (this.settle(path, claim)) this.remove(path);
              },
            )
            .then(() => {
              active--;
              options.onProgress?.(++done, ordered.length);
              step();
            })
            .catch(reject);
        }
      };
      step();
    });
    await this.resolveOutsideLinks([...this.index.documents()]);
  }

  /**
   * A file's cached analysis when the cache knows the file by its size and modification time,
   * and otherwise its bytes, with the stat taken before they were read.
   */
  private async readForScan(path: string): Promise<{ doc: IndexedDocument } | { bytes: Uint8Array; stat?: FileStat }> {
    const cache = this.options.cache;
    if (!cache?.keyFor) return { bytes: await this.host.fs.readFile(path) };
    const stat = await this.host.fs.stat(path);
    const key = stat && cache.keyFor(path, stat);
    // The stat is the file's; the key says for which setup and content the analysis was made.
    const doc = key?.startsWith(`${this.setupKey}:`) ? cache.get(key) : undefined;
    if (doc) return { doc };
    return { bytes: await this.host.fs.readFile(path), stat };
  }

  private async scanFrontmatter(paths: string[], progress: () => void): Promise<void> {
    let next = 0;
    const reader = async () => {
      while (next < paths.length) {
        const path = paths[next++];
        try {
          this.index.set(this.analyzer.analyzeFrontmatter(path, await this.host.fs.readFile(path)));
        } catch {
          this.remove(path);
        }
        progress();
      }
    };
    await Promise.all(Array.from({ length: SCAN_READS }, reader));
  }

  /** Reads and analyses one file from the host (after a create or change on disk). */
  async load(path: string): Promise<IndexedDocument | undefined> {
    const claim = this.claim(path);
    let bytes: Uint8Array;
    try {
      bytes = await this.host.fs.readFile(path);
    } catch {
      if (this.settle(path, claim)) this.remove(path);
      return undefined;
    }
    return this.put(path, bytes, 'queue', claim);
  }

  /**
   * Analyses a document's current text (an editor buffer) and puts it in the index. A text the
   * fast parser takes is analysed right here, ahead of any scan the worker is busy with.
   */
  async update(path: string, text: string): Promise<IndexedDocument> {
    const doc = await this.put(path, text, 'here');
    await this.resolveOutsideLinks([doc]);
    return doc;
  }

  /**
   * Analyses and indexes, unless the path was removed or given newer content while this one was
   * read or analysed: the last change to begin wins, never the last to finish.
   */
  private async put(path: string, data: Uint8Array | string, how: 'queue' | 'here' = 'queue', claim = this.claim(path), stat?: FileStat): Promise<IndexedDocument> {
    const doc = await this.analyzeData(path, data, how, stat);
    if (this.settle(path, claim)) this.indexDocument(doc);
    return doc;
  }

  /** The latest read or analysis begun per path, while it runs; a removal withdraws it. */
  private readonly claims = new Map<string, number>();
  private claimCount = 0;

  private claim(path: string): number {
    const claim = ++this.claimCount;
    this.claims.set(path, claim);
    return claim;
  }

  /** True when `claim` is still the latest for `path` (which it then leaves). */
  private settle(path: string, claim: number): boolean {
    if (this.claims.get(path) !== claim) return false;
    this.claims.delete(path);
    return true;
  }

  /**
   * The analysis of some bytes or text: from the cache, or from the source. 'here' means
   * someone waits for this one: a text the fast parser takes (it runs in linear time) is
   * analysed on this thread up to a size, anything else goes to the front of the queue.
   */
  private async analyzeData(path: string, data: Uint8Array | string, how: 'queue' | 'here', stat?: FileStat): Promise<IndexedDocument> {
    const cache = this.options.cache;
    // File rules may read the path (allow-lists, related locations), so it is part of the key.
    const key = cache ? `${this.setupKey}:${hashText(data)}:${path}` : '';
    const steady = stat && typeof data !== 'string' && stat.size === data.byteLength && stat.mtimeMs < this.host.clock.now().getTime() - RECENT_WRITE_MS ? stat : undefined;
    let doc = cache?.get(key);
    if (!doc) {
      if (how === 'here' && data.length <= IN_PROCESS_MAX) doc = this.analyzer.analyzeFast(path, data);
      doc ??= await this.source.analyze(path, data, how === 'here' ? { urgent: true } : undefined);
      cache?.set(key, doc, steady);
    } else if (steady) cache!.set(key, doc, steady);
    return doc;
  }

  private indexDocument(doc: IndexedDocument): void {
    this.index.set(doc);
    this.index.setLinks(doc.path, this.linkTargets(doc));
  }

  remove(path: string): void {
    this.claims.delete(path);
    this.index.delete(path);
  }

  private linkTargets(doc: IndexedDocument): string[] {
    const targets = new Set<string>();
    for (const link of doc.links) {
      const resolved = resolveLink(doc.path, link.url, this.rootDir);
      if (resolved && resolved.path !== doc.path) targets.add(resolved.path);
    }
    return [...targets];
  }

  /** Links may name files outside the roots (the repo README, code): check those once on the host. */
  private async resolveOutsideLinks(docs: IndexedDocument[]): Promise<void> {
    const wanted = new Set<string>();
    for (const doc of docs) {
      // The targets were resolved when the document was indexed.
      for (const target of this.index.linksFrom(doc.path)) {
        if (!this.index.hasFile(target) && !this.index.hasDirectory(target) && !this.index.externalKnown(target)) wanted.add(target);
      }
    }
    await Promise.all(
      [...wanted].map(async (path) => {
        const stat = await this.host.fs.stat(path).catch(() => undefined);
        this.index.setExternal(path, stat !== undefined && !this.inRoots(path));
      }),
    );
  }

  /**
   * Findings of the workspace rules for one document. They read the index, so they are not
   * cached with the analysis. Those of `shapeOnly` rules come from the shape memo, if there is
   * one, while neither the document nor the index's shape changed.
   */
  workspaceFindings(doc: IndexedDocument): Finding[] {
    const out: Finding[] = [];
    if (doc.limit) return out;
    const memo = this.scanning || !doc.hash ? undefined : this.options.shapeMemo;
    const shape = memo ? this.shapeKey() : '';
    const kept = memo?.get(shape, doc.path, doc.hash);
    const made: Finding[] = [];
    const ctx = { doc, index: this.index, types: this.types, config: this.config, rootDir: this.rootDir, now: this.host.clock.now(), freshness: this.freshness };
    for (const rule of RULES) {
      if (rule.scope !== 'workspace' || this.config.rules[rule.id] === 'off' || (rule.wholeIndex && this.scanning)) continue;
      if (kept && rule.shapeOnly) continue;
      rule.check(ctx, (report) => {
        const finding = toFinding(rule, this.config, doc.path, report);
        if (!finding) return;
        const redacted = redactFinding(finding);
        out.push(redacted);
        if (rule.shapeOnly) made.push(redacted);
      });
    }
    // The order within a document does not matter: findings() sorts them.
    if (kept) out.push(...kept);
    else memo?.set(shape, doc.path, doc.hash, made);
    return out;
  }

  private shape?: { version: number; key: string };

  /** The setup and the index's shape, hashed again only after the index changed. */
  private shapeKey(): string {
    if (this.shape?.version !== this.index.version) this.shape = { version: this.index.version, key: hashText(`${this.setupKey}\n${this.index.shapeText()}`) };
    return this.shape.key;
  }

  /**
   * All findings for one indexed document, sorted by position. A Markdown file outside the
   * roots that is no KB document (e.g. a README named by a pre-commit hook) gets only the
   * rules meant for every file, such as no-secrets; a rule's `excludes` drops its own paths.
   */
  findings(path: string): Finding[] {
    const doc = this.index.get(path);
    if (!doc) return [];
    const found = [...doc.fileFindings, ...this.workspaceFindings(doc)];
    // Most documents have no findings: work out where the file lies only when there are some.
    if (found.length === 0) return found;
    const rel = relative(this.rootDir, path);
    const foreign = !this.inRoots(path) && !this.types.get(doc.frontmatter.data.type);
    const applies = (finding: Finding) => {
      const rule = RULE_BY_ID.get(finding.ruleId);
      if (!rule) return true;
      if (foreign && !rule.everywhere) return false;
      return !rule.excludes?.(rel, this.config);
    };
    return sortFindings(found.filter(applies));
  }

  /** Findings for every indexed document (or those given), sorted by file and position. */
  allFindings(paths?: Iterable<string>): Finding[] {
    const out: Finding[] = [];
    const list = paths ? [...paths] : [...this.index.documents()].map((d) => d.path);
    for (const path of list.sort()) out.push(...this.findings(path));
    return out;
  }

  /**
   * Runs the analyzer's warm-up (see `Analyzer.warmUpSteps`) with `pause()` before each step,
   * e.g. a turn of the event loop; stops when the engine is disposed.
   */
  async warmUp(pause: () => Promise<void>): Promise<void> {
    const steps = this.analyzer.warmUpSteps(join(this.rootDir, '.baton-warm-up.md'));
    do {
      await pause();
      if (this.disposed) return;
    } while (!steps.next().done);
  }

  private disposed = false;

  dispose(): void {
    this.disposed = true;
    this.source.dispose();
  }
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.line - b.range.line || a.range.column - b.range.column || a.ruleId.localeCompare(b.ruleId)));
}
