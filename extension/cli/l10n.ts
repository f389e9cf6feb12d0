// The CLI's words in English or Simplified Chinese, from the same bundle the extension uses.
import zhCN from '../../l10n/bundle.l10n.zh-cn.json';
import { format } from '../core/message';
import type { Message } from '../core/types';

export type Lang = 'en' | 'zh-CN';

const bundles: Record<Lang, Record<string, string>> = { en: {}, 'zh-CN': zhCN as Record<string, string> };

export function pickLang(flag: string | undefined, env: Record<string, string | undefined>): Lang | undefined {
  if (flag !== undefined) {
    const f = flag.toLowerCase();
    if (f === 'en') return 'en';
    if (f === 'zh-cn' || f === 'zh') return 'zh-CN';
    return undefined;
  }
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(locale) ? 'zh-CN' : 'en';
}

export function translator(lang: Lang) {
  const bundle = bundles[lang];
  const t = (text: string, ...args: Array<string | number>) => format(bundle[text] ?? text, args);
  const m = (message: Message) => format(bundle[message.text] ?? message.text, message.args ?? []);
  return { t, m, lang };
}

export type Translator = ReturnType<typeof translator>;
