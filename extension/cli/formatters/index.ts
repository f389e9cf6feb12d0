// Output formats for findings. Each takes findings, paths relative to the cwd, and words.
import type { Finding } from '../../core/types';
import type { Translator } from '../l10n';
import { formatGithub } from './github';
import { formatGitlab } from './gitlab';
import { formatJson } from './json';
import { formatJunit } from './junit';
import { formatSarif } from './sarif';
import { formatStylish } from './stylish';

export interface FormatContext {
  /** Path as shown to the user: relative to the cwd, forward slashes. */
  display(file: string): string;
  t: Translator;
  color: boolean;
  /** Every document checked, with or without findings (JUnit lists the clean ones as passing). */
  files?: string[];
}

export type Formatter = (findings: Finding[], ctx: FormatContext) => string;

export const FORMATTERS: Record<string, Formatter> = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  gitlab: formatGitlab,
  junit: formatJunit,
};
