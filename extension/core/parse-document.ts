// One document from bytes to what the rules read, within a size limit. Runs in a worker
// thread in the CLI and the extension, and in-process in tests.
import { createHash } from 'node:crypto';
import { parseFrontmatter } from './frontmatter';
import { parseMarkdown } from './markdown';
import { msg } from './message';
import { LineIndex } from './text';
import type { DocumentLimitProblem, Frontmatter, ParsedDocument } from './types';

export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

export function hashText(text: string | Uint8Array): string {
  return createHash('sha1').update(text).digest('hex');
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8, or says why the bytes are not a text document. */
export function decodeDocument(bytes: Uint8Array, maxBytes = DEFAULT_MAX_BYTES): { text: string } | { problem: DocumentLimitProblem } {
  if (bytes.byteLength > maxBytes) {
    return {
      problem: {
        code: 'too-large',
        message: msg('File is {0} KB, over the {1} KB limit; it was not checked', Math.round(bytes.byteLength / 1024), Math.round(maxBytes / 1024)),
      },
    };
  }
  const probe = Math.min(bytes.byteLength, 8000);
  for (let i = 0; i < probe; i++) {
    if (bytes[i] === 0) return { problem: { code: 'binary', message: msg('File looks binary (it holds NUL bytes); it was not checked') } };
  }
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    return { problem: { code: 'encoding', message: msg('File is not valid UTF-8; it was not checked') } };
  }
}

export function emptyDocument(path: string, hash: string, size: number, limit?: DocumentLimitProblem): ParsedDocument {
  return {
    path,
    hash,
    size,
    frontmatter: { data: {}, keys: {}, bodyStart: 0 },
    headings: [],
    links: [],
    tasks: [],
    tables: [],
    codeLines: [],
    limit,
  };
}

/**
 * parseText when the fast parser takes the text, else undefined: linear time whatever the
 * input, so the editor may parse its open document on the main thread without a worker.
 */
export function parseTextFast(path: string, text: string, hash = hashText(text)): ParsedDocument | undefined {
  const lines = new LineIndex(text);
  const frontmatter = parseFrontmatter(text, lines);
  const markdown = parseMarkdown(markdownSource(text, frontmatter), lines, 'fast');
  if (!markdown) return undefined;
  return { path, hash, size: text.length, frontmatter, ...markdown };
}

/**
 * The text the Markdown parser reads: a refused frontmatter block (`---js`, `+++`) blanked
 * out, line ends and offsets kept, so it is not read as a heading or a paragraph of the body.
 */
function markdownSource(text: string, frontmatter: Frontmatter): string {
  if (frontmatter.problem?.code !== 'fence' || frontmatter.bodyStart === 0) return text;
  return text.slice(0, frontmatter.bodyStart).replace(/[^\n]/g, ' ') + text.slice(frontmatter.bodyStart);
}

export function parseText(path: string, text: string, hash = hashText(text)): ParsedDocument {
  const lines = new LineIndex(text);
  const frontmatter = parseFrontmatter(text, lines);
  try {
    const markdown = parseMarkdown(markdownSource(text, frontmatter), lines);
    return { path, hash, size: text.length, frontmatter, ...markdown };
  } catch (error) {
    // Stack overflow in the parser on pathological nesting, or a parser bug: one finding, not a crash.
    const doc = emptyDocument(path, hash, text.length, {
      code: 'crash',
      message: msg('Markdown could not be parsed: {0}', error instanceof Error ? error.message : String(error)),
    });
    doc.frontmatter = frontmatter;
    return doc;
  }
}
