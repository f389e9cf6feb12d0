// What a rule is: an id, a default severity, docs, and a check that reports findings.
// File rules see one document and are cached by its content; workspace rules read the index.
import type { BatonConfig } from './config';
import type { DocumentType, TypeRegistry } from './document-types';
import type { FreshnessReport } from './freshness/types';
import type { KbIndex, IndexedDocument } from './kb-index';
import type { LineIndex } from './text';
import type { Fix, Message, ParsedDocument, Range, RelatedLocation, Severity } from './types';

export interface Report {
  range: Range;
  message: Message;
  fixes?: Fix[];
  related?: RelatedLocation[];
  /** Overrides the rule's default severity for this finding (config still wins). */
  severity?: Severity;
}

export type Reporter = (report: Report) => void;

export interface FileRuleContext {
  doc: ParsedDocument;
  text: string;
  lines: LineIndex;
  type?: DocumentType;
  types: TypeRegistry;
  config: BatonConfig;
}

export interface WorkspaceRuleContext {
  doc: IndexedDocument;
  index: KbIndex;
  types: TypeRegistry;
  config: BatonConfig;
  /** Absolute path of the repository root; links starting with / resolve from here. */
  rootDir: string;
  now: Date;
  /** Freshness of the documents, when it has been computed (it needs git). */
  freshness?: FreshnessReport;
}

interface RuleBase {
  id: string;
  description: Message;
  defaultSeverity: Severity;
  /** One paragraph for the rule reference. */
  docs: string;
  /**
   * Also checks a Markdown file outside the KB roots that is not a KB document (named on the
   * command line, e.g. by a pre-commit hook). Other rules only check KB documents.
   */
  everywhere?: boolean;
  /**
   * Files this rule skips, by path relative to the repository root. Decided where findings
   * are gathered, so cached analysis stays independent of where a file lives.
   */
  excludes?(relativePath: string, config: BatonConfig): boolean;
  /**
   * A workspace rule that needs every document indexed (e.g. to know all ids): while a scan is
   * still filling the index, it is not run, so the editor's first diagnostics hold no false alarm.
   */
  wholeIndex?: boolean;
}

export interface FileRule extends RuleBase {
  scope: 'file';
  check(ctx: FileRuleContext, report: Reporter): void;
}

export interface WorkspaceRule extends RuleBase {
  scope: 'workspace';
  /**
   * The findings depend only on the document and on what `KbIndex.shapeText()` covers (no
   * clock, no freshness, no other document's positions), so they may be kept between runs.
   */
  shapeOnly?: boolean;
  check(ctx: WorkspaceRuleContext, report: Reporter): void;
}

export type Rule = FileRule | WorkspaceRule;
