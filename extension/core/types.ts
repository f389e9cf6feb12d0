// Plain data shared by the engine, the CLI and the extension. Everything here survives
// structured cloning (worker threads) and JSON (the cache).

/** 1-based line and column; `endColumn` is exclusive. */
export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

/** A message for people: an English source string with `{0}` style slots, translated at the edge. */
export interface Message {
  text: string;
  args?: Array<string | number>;
}

/** A fix as data: replace `range` with `text`. Offsets are into the document text. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export interface Fix {
  title: Message;
  edits: TextEdit[];
  /** True for the one fix a fix-all may apply without asking. */
  preferred?: boolean;
}

export interface RelatedLocation {
  file: string;
  range: Range;
  message: Message;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** Absolute path, forward slashes. */
  file: string;
  range: Range;
  message: Message;
  fixes?: Fix[];
  related?: RelatedLocation[];
}

export interface KeyPosition {
  /** The key itself. */
  key: Range;
  /** The value, or the key when there is no value. */
  value: Range;
  /** Offsets of the value in the document text, for fixes. */
  valueStart: number;
  valueEnd: number;
}

export interface FrontmatterProblem {
  code: 'fence' | 'yaml' | 'not-mapping' | 'unclosed' | 'missing';
  message: Message;
  range: Range;
}

export interface Frontmatter {
  /** The parsed mapping; empty when there is none or it is broken. */
  data: Record<string, unknown>;
  /** Positions by key path: `severity`, `from.person`, `signed_off.0.by`. */
  keys: Record<string, KeyPosition>;
  /** Lines of the block, fences included; undefined when the file has none. */
  range?: Range;
  /** Offset just past the closing fence line, where the body starts. */
  bodyStart: number;
  problem?: FrontmatterProblem;
}

export interface Heading {
  depth: number;
  text: string;
  slug: string;
  range: Range;
  /** Offsets of the whole heading line. */
  start: number;
  end: number;
  /** Offset where this heading's section ends (next heading of same or higher level, or end of text). */
  sectionEnd: number;
  /**
   * The section's own plain text (before any subheading), trimmed and cut to 200 characters.
   * Only the file rules read it: the analysis drops it before the document is indexed or
   * cached (it was an eighth of a 10,000-document index).
   */
  sectionText?: string;
  /** True when the section has content other than text, e.g. a table, code, list or subheading. */
  sectionHasBlocks: boolean;
}

export interface Link {
  url: string;
  range: Range;
  /** Offsets of the URL inside the source, when it can be located exactly. */
  urlStart?: number;
  urlEnd?: number;
  kind: 'link' | 'image' | 'definition';
}

export interface TaskItem {
  range: Range;
  /** Offset of the character inside `[ ]`. */
  checkOffset: number;
  checked: boolean;
  /** 0 for a top-level item, 1 for its children, and so on. */
  depth: number;
  /** The item's own text (first paragraph), without nested items. */
  text: string;
  /** Index of the parent task in `tasks`, or -1. */
  parent: number;
  /** Index of the heading the item sits under in `headings`, or -1. */
  heading: number;
}

export interface TableRow {
  cells: string[];
  range: Range;
}

export interface Table {
  header: string[];
  rows: TableRow[];
  range: Range;
  heading: number;
}

export interface ParsedMarkdown {
  headings: Heading[];
  links: Link[];
  tasks: TaskItem[];
  tables: Table[];
  /** Line ranges [start, end] (1-based, inclusive) of fenced and indented code, html and frontmatter. */
  codeLines: Array<[number, number]>;
}

export interface DocumentLimitProblem {
  code: 'too-large' | 'binary' | 'timeout' | 'crash' | 'encoding';
  message: Message;
}

/** Everything the rules read about one document; produced once per content hash. */
export interface ParsedDocument extends ParsedMarkdown {
  /** Absolute path, forward slashes. */
  path: string;
  hash: string;
  size: number;
  frontmatter: Frontmatter;
  limit?: DocumentLimitProblem;
}
