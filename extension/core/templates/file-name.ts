// File names from titles: Chinese kept, anything that breaks a path, a Markdown link or
// Windows removed, trimmed to a length every file system and archive tool accepts.

/** Control characters, and invisible format characters that can disguise a name. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/gu;
/** Emoji and their joiners, variation selectors, skin tones and keycaps: they travel badly in paths and shells. */
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\ufe0e\ufe0f\u20e3]|\udb40[\udc20-\udc7f]/gu;
/** Lone surrogates cannot be encoded as UTF-8 file names. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Forbidden on Windows (`<>:"/\|?*`), plus what breaks a Markdown link or URL (`#%[](){}` and backtick). */
const FORBIDDEN = /[<>:"/\\|?*#%[\](){}`]/g;
/** Names Windows reserves for devices, with any extension. */
const RESERVED = /^(?:con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/iu;

/** Longest slug taken from a title, in user-perceived characters. */
export const MAX_SLUG_LENGTH = 50;
/** Longest file name in UTF-8 bytes: under the 255 of common file systems, with room for `-99`. */
export const MAX_NAME_BYTES = 200;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

/** Text safe to place in a name: no controls, lone surrogates or emoji; whitespace as single spaces. */
export function cleanText(text: string): string {
  return text.normalize('NFC').replace(LONE_SURROGATE, '').replace(CONTROL, ' ').replace(EMOJI, '').replace(/\s+/gu, ' ').trim();
}

/** True for a name Windows cannot create (CON, NUL, COM1, ... with or without an extension). */
export function isReservedName(name: string): boolean {
  const stem = name.split('.')[0].trim();
  return RESERVED.test(stem);
}

function trimEdges(text: string): string {
  return text.replace(/^[\s.\-_]+|[\s.\-_]+$/gu, '');
}

function cutGraphemes(text: string, max: number): string {
  const parts = graphemes(text);
  return parts.length <= max ? text : parts.slice(0, max).join('');
}

/**
 * A title as one path segment: separators and forbidden characters become `-`, `..` goes,
 * reserved names become empty, and the result is at most `max` characters. May be empty.
 */
export function slugify(title: string, max = MAX_SLUG_LENGTH): string {
  let slug = cleanText(title)
    .replace(FORBIDDEN, '-')
    .replace(/\.{2,}/g, '-')
    .replace(/\s+/gu, '-')
    .replace(/-{2,}/g, '-');
  slug = trimEdges(slug);
  slug = trimEdges(cutGraphemes(slug, max));
  return isReservedName(slug) ? '' : slug;
}

/**
 * A whole file name (pattern already filled in): made safe like a slug but keeping the
 * extension, defaulting to `.md`, cut to MAX_NAME_BYTES. When nothing is left of the stem,
 * `fallback` (the document id) is used.
 */
export function safeFileName(name: string, fallback: string, extension = '.md'): string {
  const cleaned = cleanText(name).replace(FORBIDDEN, '-').replace(/\s+/gu, '-');
  const match = /^(.*?)(\.(?:md|markdown))?$/iu.exec(cleaned)!;
  let stem = match[1].replace(/\.{2,}/g, '-').replace(/-{2,}/g, '-');
  const ext = (match[2] ?? extension).toLowerCase();
  stem = trimEdges(stem);
  if (stem === '' || isReservedName(stem)) stem = trimEdges(slugify(fallback)) || 'untitled';
  const budget = MAX_NAME_BYTES - utf8Length(ext);
  if (utf8Length(stem) > budget) {
    const parts = graphemes(stem);
    while (parts.length > 1 && utf8Length(parts.join('')) > budget) parts.pop();
    stem = trimEdges(parts.join(''));
  }
  return stem + ext;
}

/** The n-th alternative of a file name: `name-2.md`, `name-3.md`, ... */
export function numberedName(name: string, n: number): string {
  if (n <= 1) return name;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  return `${stem}-${n}${ext}`;
}

/** A value placed inside a folder or file name pattern: one segment, no separators. */
export function pathSegmentValue(value: string): string {
  return trimEdges(cleanText(value).replace(FORBIDDEN, '-').replace(/\.{2,}/g, '-').replace(/\s+/gu, '-').replace(/-{2,}/g, '-'));
}
