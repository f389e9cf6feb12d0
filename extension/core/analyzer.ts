// Parse one document and run the file rules on it. The result depends only on the bytes and
// the setup (config and schemas), so it can run in a worker and be cached by content hash.
import type { BatonConfig } from './config';
import { TypeRegistry } from './document-types';
import { hasDatedTasks } from './checklists';
import type { IndexedDocument } from './kb-index';
import { idMentions } from './id-references';
import { parseFrontmatter } from './frontmatter';
import { decodeDocument, emptyDocument, hashText, parseText, parseTextFast } from './parse-document';
import type { Report, Rule } from './rule';
import { RULES } from './rules';
import { LineIndex } from './text';
import { scanDocument } from './secrets/scan';
import { mergeSecrets } from './secrets/settings';
import { redactFinding } from './secrets/redact';
import type { DocumentLimitProblem, Finding, Severity } from './types';

export interface AnalyzerSetup {
  config: BatonConfig;
  /** Custom type schemas, already read, keyed by the path config gives. */
  schemas: Record<string, unknown>;
}

export function effectiveSeverity(rule: Rule, config: BatonConfig, override?: Severity): Severity | undefined {
  const configured = config.rules[rule.id];
  if (configured === 'off') return undefined;
  return configured ?? override ?? rule.defaultSeverity;
}

export function toFinding(rule: Rule, config: BatonConfig, file: string, report: Report): Finding | undefined {
  const severity = effectiveSeverity(rule, config, report.severity);
  if (!severity) return undefined;
  const finding: Finding = { ruleId: rule.id, severity, file, range: report.range, message: report.message };
  if (report.fixes?.length) finding.fixes = report.fixes;
  if (report.related?.length) finding.related = report.related;
  return finding;
}

/** A short article with what KB documents hold: the fields, sections, a list, tasks, a table, links, code. */
export const WARM_UP_DOCUMENT = `---
id: KB-0000
title: 预热
type: article
owner: baton
status: draft
tags:
  - 预热
related:
  - KB-0001
created: 2026-01-01
---

# 预热

## 概述

本文**不存在**于知识库中，见 [总体设计](../01-系统架构/总体设计.md#概述) 与 \`baton\`。

- 第一项
  - 嵌套项

## 检查项

- [x] 已完成 @张三
- [ ] 待完成 📅 2026-01-02

| 列 | 值 |
|---|---|
| a | 1 |

\`\`\`bash
systemctl status kafka
\`\`\`
`;

export class Analyzer {
  readonly types: TypeRegistry;

  constructor(readonly setup: AnalyzerSetup) {
    this.types = new TypeRegistry(setup.config.types, setup.schemas);
  }

  /** Bytes from disk (checked for size, NUL bytes and UTF-8) or text from an editor. */
  analyze(path: string, data: Uint8Array | string): IndexedDocument {
    if (typeof data !== 'string') {
      const decoded = decodeDocument(data, this.setup.config.maxFileSize);
      if ('problem' in decoded) return this.limited(path, hashText(data), data.byteLength, decoded.problem);
      data = decoded.text;
    } else if (data.length > this.setup.config.maxFileSize) {
      const decoded = decodeDocument(new TextEncoder().encode(data), this.setup.config.maxFileSize);
      if ('problem' in decoded) return this.limited(path, hashText(data), data.length, decoded.problem);
    }
    const doc = parseText(path, data);
    return this.check(doc, data);
  }

  /**
   * The analysis, when the fast parser takes the document (undefined otherwise): safe to run
   * on the main thread, since nothing in it can take long. Limits are left to `analyze`.
   */
  analyzeFast(path: string, data: Uint8Array | string): IndexedDocument | undefined {
    let text: string;
    if (typeof data !== 'string') {
      const decoded = decodeDocument(data, this.setup.config.maxFileSize);
      if ('problem' in decoded) return undefined;
      text = decoded.text;
    } else {
      if (data.length > this.setup.config.maxFileSize) return undefined;
      text = data;
    }
    const doc = parseTextFast(path, text);
    return doc ? this.check(doc, text) : undefined;
  }

  /**
   * What the first analysis on this thread would otherwise pay for, one step at a time:
   * compiling each built-in schema, then a small document through the fast parser and the
   * file rules, whose code the JavaScript engine compiles on first use. The editor runs the
   * steps while it is idle, so the first document opened gets its findings without that wait
   * (about 100 ms at the first open in a real VS Code). Nothing is indexed or kept.
   */
  *warmUpSteps(path: string): Generator<void> {
    for (const name of this.types.names()) {
      void this.types.get(name)?.validate;
      yield;
    }
    this.analyzeFast(path, WARM_UP_DOCUMENT);
  }

  /**
   * The frontmatter alone, no body and no rules: for commands that read only fields (`baton
   * stale` needs `covers`, `severity` and the like), where parsing 10k bodies is most of the
   * cost. Bytes from disk, with their limits (a binary or huge file has no fields); the result
   * has no hash and is never cached.
   */
  analyzeFrontmatter(path: string, bytes: Uint8Array): IndexedDocument {
    const decoded = decodeDocument(bytes, this.setup.config.maxFileSize);
    if ('problem' in decoded) return { ...emptyDocument(path, '', bytes.byteLength, decoded.problem), fileFindings: [] };
    const doc: IndexedDocument = { ...emptyDocument(path, '', decoded.text.length), fileFindings: [] };
    doc.frontmatter = parseFrontmatter(decoded.text, new LineIndex(decoded.text));
    return doc;
  }

  /** A document that hit a limit: one finding, no content. */
  limited(path: string, hash: string, size: number, problem: DocumentLimitProblem): IndexedDocument {
    return this.check(emptyDocument(path, hash, size, problem), '');
  }

  private check(parsed: ReturnType<typeof parseText>, text: string): IndexedDocument {
    const lines = new LineIndex(text);
    const doc: IndexedDocument = { ...parsed, fileFindings: [], mentions: idMentions(text, parsed, lines), datedTasks: hasDatedTasks(parsed.tasks) };
    const type = this.types.get(parsed.frontmatter.data.type);
    const ctx = { doc, text, lines, type, types: this.types, config: this.setup.config };
    for (const rule of RULES) {
      if (rule.scope !== 'file' || this.setup.config.rules[rule.id] === 'off') continue;
      rule.check(ctx, (report) => {
        const finding = toFinding(rule, this.setup.config, doc.path, report);
        if (finding) doc.fileFindings.push(finding);
      });
    }
    // A rule that quotes a value must not print a secret the document holds.
    const secrets = scanDocument(doc, text, lines, mergeSecrets(this.setup.config.secrets)).map((s) => s.secret);
    doc.fileFindings = doc.fileFindings.map((f) => redactFinding(f, secrets));
    // Set to undefined rather than deleted, so the headings keep their shape.
    for (const heading of doc.headings) heading.sectionText = undefined;
    return doc;
  }
}
