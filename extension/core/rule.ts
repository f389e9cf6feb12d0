// What a rule is: an id, a default severity, docs, and a check that reports findings.
// File rules see one document and are cached by its content; workspace rules read the index.
import type { BatonConfig } from './config';
import type { DocumentType, TypeRegistry } from './document-types';
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
}

interface RuleBase {
  id: string;
  description: Message;
  defaultSeverity: Severity;
  /** One paragraph for the rule reference. */
  docs: string;
}

export interface FileRule extends RuleBase {
  scope: 'file';
  check(ctx: FileRuleContext, report: Reporter): void;
}

export interface WorkspaceRule extends RuleBase {
  scope: 'workspace';
  check(ctx: WorkspaceRuleContext, report: Reporter): void;
}

export type Rule = FileRule | WorkspaceRule;
