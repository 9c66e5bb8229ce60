// Every catalogue has every key of the English one, no key it lacks, and the same {{placeholders}}
// in each message: a translation that drops {{count}} or misspells {{since}} would show a blank.
import { describe, expect, it } from 'vitest';
import { catalogue, fromAcceptLanguage, LOCALES, type Catalogue } from '../../i18n/locales.ts';
import { wording } from '../../i18n/render.ts';
import { msg } from '../../models/message.ts';

/** Each message by its dotted key; plural forms (_one, _other) are keys of their own. */
function flatten(c: Catalogue, prefix = ''): Map<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  for (const [k, v] of Object.entries(c)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string' || Array.isArray(v)) out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (m: string | string[]) => [...String(m).matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((x) => x[1]).sort();

describe('message catalogues', () => {
  const english = flatten(catalogue('en'));
  for (const locale of LOCALES.filter((l) => l !== 'en')) {
    it(`${locale} has every message of English, with the same placeholders, and nothing left in English`, () => {
      const other = flatten(catalogue(locale));
      expect([...other.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [key, message] of english) {
        expect(placeholders(other.get(key)!), `${locale}: ${key}`).toEqual(placeholders(message));
        if (Array.isArray(message)) expect((other.get(key) as string[]).length, `${locale}: ${key}`).toBe(message.length);
      }
      // Words that are the same in both (ok, Filter, Port, Mbit/s) are fine; a whole sentence left in English is not.
      const words = (m: string) => m.replace(/\{\{\s*\w+\s*\}\}/g, '').split(/\s+/).filter((w) => /\p{L}{2,}/u.test(w)).length;
      const untranslated = [...english].filter(([key, m]) => typeof m === 'string' && words(m) > 3 && other.get(key) === m).map(([key]) => key);
      expect(untranslated).toEqual([]);
    });
  }

  it('picks the reader\'s language from Accept-Language by its weights, Norwegian written any way as bokmål', () => {
    expect(fromAcceptLanguage('sv-SE,sv;q=0.9,en;q=0.8')).toBe('sv');
    expect(fromAcceptLanguage('de-DE,nn;q=0.5,en;q=0.4')).toBe('nb');
    expect(fromAcceptLanguage('en;q=0.2,da;q=0.9')).toBe('da');
    expect(fromAcceptLanguage('de,fr')).toBeUndefined();
    expect(fromAcceptLanguage(undefined)).toBeUndefined();
  });
});

describe('a recommendation\'s message in a language', () => {
  it('renders its parts and its figures the language\'s way, a year still a year', () => {
    const message = msg('reason.uplink', { why: msg('reason.measuredP95', { mbps: 712.5 }), percent: 70, mbps: 1000, target: 10000 });
    expect(wording('nb')(message)).toBe('p95 i travleste time 712,5 Mbit/s overstiger 70 % av opplinken på 1000 Mbit/s; oppgrader til 10\u00a0000 Mbit/s');
    expect(wording('en')(message)).toBe('busy-hour p95 712.5 Mbit/s exceeds 70 % of the 1000 Mbit/s uplink; upgrade to 10,000 Mbit/s');
    expect(wording('sv')(msg('reason.peak.projected', { mbps: 80, devices: 120, year: 2027 }))).toBe('beräknat 80 Mbit/s för 120 enheter 2027');
    // A count chooses the plural form and is still written as a figure: a plan once said "reason.charging" here.
    const cabinets = (count: number) => wording('en')(msg('reason.charging', { devices: 90, year: 2026, count, per: 32, needed: 3, kw: 1.8 }));
    expect(cabinets(1)).toBe('90 devices charged at school in 2026, 1 cabinet for 32 each; 3 needed; up to 1.8 kW with every slot charging');
    expect(cabinets(3)).toContain('3 cabinets for 32 each');
    expect(wording('nb')(msg('reason.charging', { devices: 90, year: 2026, count: 3, per: 32, needed: 3, kw: 1.8 }))).toContain('3 skap med plass til 32 hver; 3 trengs; opptil 1,8 kW');
  });
});
