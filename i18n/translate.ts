// Messages for what the server writes itself (notifications, alert names), in a municipality's or
// a reader's language: one i18next instance per language over the same catalogues the pages read.
import i18next, { type TFunction } from 'i18next';
import { catalogue, INTL_TAG, type Locale } from './locales.ts';

const instances = new Map<Locale, TFunction>();

/** The message function for `locale`, made once. */
export function translator(locale: Locale): TFunction {
  let t = instances.get(locale);
  if (!t) {
    const instance = i18next.createInstance();
    // Synchronous: the catalogue is already in memory; texts go to messages and JSON, never HTML.
    void instance.init({ lng: locale, resources: { [locale]: { translation: catalogue(locale) } }, initAsync: false, interpolation: { escapeValue: false }, returnEmptyString: true });
    t = instance.t.bind(instance) as TFunction;
    instances.set(locale, t);
  }
  return t;
}

/** Dates, times and numbers the way `locale` writes them, in `timeZone`. */
export function formatters(locale: Locale, timeZone: string) {
  const tag = INTL_TAG[locale];
  return {
    dateTime: (ms: number) => new Intl.DateTimeFormat(tag, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(ms),
    date: (ms: number) => new Intl.DateTimeFormat(tag, { timeZone, dateStyle: 'medium' }).format(ms),
    percent: (share: number) => new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 0 }).format(share),
    number: (n: number) => new Intl.NumberFormat(tag, { maximumFractionDigits: 0 }).format(n),
  };
}
