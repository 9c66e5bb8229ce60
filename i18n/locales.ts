// The languages Kapasitet speaks, how a request picks one, and the catalogues (i18n/<locale>.json,
// read by the pages through i18next, with its plural forms from Intl.PluralRules). Norwegian
// bokmål, Swedish and Danish for the school owners, English for the rest.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectPath } from '../config/install-paths.ts';

export const LOCALES = ['en', 'nb', 'sv', 'da'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language as its own speakers name it, for the picker. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', nb: 'Norsk bokmål', sv: 'Svenska', da: 'Dansk' };

/** The BCP 47 tag Intl formats dates, numbers and currency with in each language. */
export const INTL_TAG: Record<Locale, string> = { en: 'en-GB', nb: 'nb-NO', sv: 'sv-SE', da: 'da-DK' };

/** Norwegian written any way reads bokmål here (nynorsk is not translated yet). A Map: a header's
 * "__proto__" or "constructor" must find nothing, not an object's own machinery. */
const ALIASES = new Map<string, Locale>([['no', 'nb'], ['nn', 'nb'], ['nb', 'nb'], ['sv', 'sv'], ['da', 'da'], ['en', 'en']]);

export const isLocale = (value: unknown): value is Locale => typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/** The first language of an Accept-Language header (by its q values) that Kapasitet speaks. */
export function fromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .slice(0, 20)
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? 1);
      return { language: (tag ?? '').split('-')[0]!.toLowerCase(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { language } of ranked) {
    const locale = ALIASES.get(language);
    if (locale) return locale;
  }
  return undefined;
}

export const CATALOGUE_DIR = projectPath('i18n');

/** A catalogue as written: nested keys, strings and lists of strings. */
export type Catalogue = { [key: string]: string | string[] | Catalogue };

export function catalogue(locale: Locale): Catalogue {
  return JSON.parse(readFileSync(join(CATALOGUE_DIR, `${locale}.json`), 'utf8')) as Catalogue;
}
