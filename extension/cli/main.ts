// The `baton` command: main(params) returns an exit code. Everything it touches comes in
// through params, so tests drive it on a real temp directory without spawning a process.
import { parseArgs } from 'node:util';
import { ConfigError, type Engine } from '../core/engine';
import type { Host } from '../core/host';
import { relative, resolve, toPosix } from '../core/paths';
import { pickLang, translator, type Translator } from './l10n';
import { lintCommand } from './commands/lint';
import { summaryCommand } from './commands/summary';
import { staleCommand } from './commands/stale';
import { ackCommand } from './commands/ack';
import { newCommand } from './commands/new';
import { templatesCommand } from './commands/templates';
import { checklistsCommand } from './commands/checklists';
import { slaCommand } from './commands/sla';
import { codeownersCommand } from './commands/codeowners';
import { reportCommand } from './commands/report';
import { nodeHost, consoleLogger } from '../node-host/node-host';

export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CliParams {
  argv: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: Output;
  stderr: Output;
  host?: Host;
}

export interface CommandContext {
  args: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: Output;
  stderr: Output;
  host: Host;
  t: Translator;
  display(file: string): string;
  color: boolean;
}

export class UsageError extends Error {}

type Command = (ctx: CommandContext) => Promise<number>;

export const COMMANDS: Record<string, { run: Command; summary: string }> = {
  lint: { run: lintCommand, summary: 'Check documents: frontmatter, sections, ids, links, references' },
  summary: { run: summaryCommand, summary: 'Lint the KB and print documents by type, findings and checklist totals' },
  stale: { run: staleCommand, summary: 'Documents not updated within their window after a change they cover (from git); exits 1 when any is stale' },
  ack: { run: ackCommand, summary: 'Acknowledge that a change needs no edit: write reviewed: {by, at, commit, reason} into the frontmatter' },
  new: { run: newCommand, summary: 'Create a document from a template: next id, right folder, sections in place' },
  templates: { run: templatesCommand, summary: 'List the document templates and the prompts each asks' },
  checklists: { run: checklistsCommand, summary: 'Checklist progress by document and section, overdue and unowned items; a completeness gate' },
  sla: { run: slaCommand, summary: 'Audit case records against the SLA: on-time shares and median times per severity, late KB updates' },
  report: { run: reportCommand, summary: 'A review report for a branch: changed documents and findings, checklist progress against the base, overdue, stale, new cases, SLA' },
  codeowners: { run: codeownersCommand, summary: 'Generate the KB section of CODEOWNERS from document owners and reviewers; --check fails when it is out of date' },
};

function help(t: Translator['t']): string {
  const lines = [t('Usage: baton <command> [options]'), '', t('Commands:')];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(12)} ${t(c.summary)}`);
  lines.push('', t('Run "baton <command> --help" for the options of a command.'));
  return lines.join('\n') + '\n';
}

export async function main(params: CliParams): Promise<number> {
  const [name, ...rest] = params.argv;
  const langFlag = rest.find((a, i) => rest[i - 1] === '--lang') ?? rest.find((a) => a.startsWith('--lang='))?.slice(7);
  const lang = pickLang(langFlag, params.env) ?? 'en';
  const t = translator(lang);
  if (langFlag !== undefined && pickLang(langFlag, params.env) === undefined) {
    params.stderr.write(t.t('Unknown language "{0}", expected en or zh-CN', langFlag) + '\n');
    return 2;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    params.stdout.write(help(t.t));
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    params.stdout.write('0.1.0\n');
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    params.stderr.write(t.t('Unknown command "{0}"', name) + '\n\n' + help(t.t));
    return 2;
  }
  const cwd = toPosix(params.cwd);
  const host = params.host ?? nodeHost({ cwd, logger: consoleLogger(params.stderr as NodeJS.WritableStream), blocking: true });
  const color = !params.env.NO_COLOR && (Boolean(params.env.FORCE_COLOR) || params.stdout.isTTY === true);
  const ctx: CommandContext = {
    args: rest,
    cwd,
    env: params.env,
    stdout: params.stdout,
    stderr: params.stderr,
    host,
    t,
    color,
    display: (file) => relative(cwd, file) || file,
  };
  try {
    return await command.run(ctx);
  } catch (error) {
    if (error instanceof UsageError) {
      params.stderr.write(`baton ${name}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      for (const p of error.problems) params.stderr.write(`${ctx.display(p.file)}:${p.range.line}:${p.range.column}: ${t.t('error')}: ${t.m(p.message)}\n`);
      return 2;
    }
    params.stderr.write(`baton ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

/** parseArgs with usage errors that say what was wrong, never a stack trace. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  default?: string | boolean;
}

export function parseOptions(ctx: CommandContext, options: Record<string, OptionSpec>): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: ctx.args, options: { ...options, lang: { type: 'string' } } as never, allowPositionals: true, strict: true });
    return { values: parsed.values as Record<string, string | boolean | string[] | undefined>, positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError(optionError(ctx, error));
  }
}

/** Node's parseArgs messages, said shortly and in the user's language, with where to look. */
function optionError(ctx: CommandContext, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const option = /'(-[^']*)'/.exec(message)?.[1];
  if (option && code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return ctx.t.t('Unknown option {0}; --help lists the options', option.split(' ')[0]);
  if (option && code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = option.replace(/ <value>$/, '').split(', ').pop()!;
    return /does not take an argument/.test(message) ? ctx.t.t('Option {0} takes no value', name) : ctx.t.t('Option {0} takes a value', name);
  }
  return message;
}

export function absolutePaths(ctx: CommandContext, paths: string[]): string[] {
  return paths.map((p) => resolve(ctx.cwd, p));
}

export type { Engine };
