// Matching headings to a type's required sections, in Chinese or English.
import type { Section } from './document-types';
import type { Heading } from './types';

/** "1. 问题描述", "问题描述（Problem）", "Problem" all name the same section. */
export function normalizeHeading(text: string): string {
  return text
    .replace(/^\s*(?:\d+(?:\.\d+)*[.、)]?|[一二三四五六七八九十]+[、.])\s*/u, '')
    .trim()
    .toLowerCase();
}

export function headingMatches(heading: Heading, section: Section): boolean {
  const text = normalizeHeading(heading.text);
  const names = [section.zh.toLowerCase(), section.en.toLowerCase()];
  return names.some((name) => text === name || (text.startsWith(name) && /^[\s(（/|:：-]/u.test(text.slice(name.length))));
}

/** For each required section, the first heading (level 1 to 3) that names it, or -1. */
export function findSections(headings: readonly Heading[], sections: readonly Section[]): number[] {
  return sections.map((section) => headings.findIndex((h) => h.depth <= 3 && headingMatches(h, section)));
}
