// The language a request is answered in: the account's own choice, else the one this browser chose
// (a cookie, for readers without an account), else the browser's Accept-Language, else the
// municipality's. The pages, the plan's CSV and the session answer all ask here.
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Config } from '../../config/schema.ts';
import { fromAcceptLanguage, isLocale, type Locale } from '../../i18n/locales.ts';
import type { Principal } from './principal.ts';
import { Preferences } from './preferences.ts';

/** The language a browser chose, for readers without an account of their own (anonymous on loopback, the login page). */
export const LOCALE_COOKIE = 'kapasitet_locale';

export class ReaderLocale {
  // Opened on first use: most requests never need it.
  #preferences: Preferences | undefined;

  constructor(private readonly config: Config) {}

  of(p: Principal, c: Context): Locale {
    const chosen = p.kind === 'user' ? this.#prefs().locale(p.name) : undefined;
    const cookie = getCookie(c, LOCALE_COOKIE);
    const first = this.config.municipalities.find((m) => p.municipalities.has(m.id)) ?? this.config.municipalities[0]!;
    return chosen ?? (isLocale(cookie) ? cookie : undefined) ?? fromAcceptLanguage(c.req.header('accept-language')) ?? first.locale;
  }

  /** Keeps an account's choice across logins and browsers. */
  choose(p: Principal, locale: Locale): void {
    if (p.kind === 'user') this.#prefs().setLocale(p.name, locale);
  }

  close(): void {
    this.#preferences?.close();
  }

  #prefs(): Preferences {
    return (this.#preferences ??= new Preferences(this.config.access.preferencesPath));
  }
}
