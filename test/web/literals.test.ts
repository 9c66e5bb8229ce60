// No words for a reader written into web/ outside the catalogues: every element of the pages that
// holds text of its own carries data-i18n, and the scripts put no literal sentence into the page.
// Names from the config and the devices, numbers and the product's name are not words to translate.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const WEB = join(import.meta.dirname, '..', '..', 'web');
const files = (ext: string) => readdirSync(WEB).filter((f) => f.endsWith(ext));

describe('web/ has no user-facing literal outside the catalogues', () => {
  it('pages: text in an element means a data-i18n on it', () => {
    const untranslated: string[] = [];
    for (const file of files('.html')) {
      const html = readFileSync(join(WEB, file), 'utf8').replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, '');
      // An opening tag, then the text before the next tag.
      for (const m of html.matchAll(/<([a-z0-9]+)([^>]*)>([^<]+)/gi)) {
        const [, tag, attributes, text] = m;
        const words = text!.replace(/Kapasitet|·|&[a-z]+;/g, '').trim();
        if (!/\p{L}{2,}/u.test(words)) continue;
        if (!/data-i18n=/.test(attributes!)) untranslated.push(`${file}: <${tag}> ${words}`);
      }
      // Attributes a reader hears or sees: labels and placeholders come from the catalogues too.
      for (const m of html.matchAll(/<([a-z0-9]+)([^>]*?)\s(aria-label|placeholder)="([^"]*)"([^>]*)>/gi)) {
        const [, tag, before, attribute, , after] = m;
        const key = attribute === 'aria-label' ? 'data-i18n-label' : 'data-i18n-placeholder';
        if (!`${before}${after}`.includes(key)) untranslated.push(`${file}: <${tag} ${attribute}> without ${key}`);
      }
    }
    expect(untranslated).toEqual([]);
  });

  it('scripts: no literal words put into the page', () => {
    const literal = /\.text\((['`])(?=[^'`$]*\p{L}{2,})[^'`]*\1\)|new Error\((['`])[^'`]*\p{L}{3,}|label: (['`])\p{L}[^'`]*\3|empty: (['`])\p{L}/gu;
    const found = files('.js').flatMap((file) => [...readFileSync(join(WEB, file), 'utf8').matchAll(literal)].map((m) => `${file}: ${m[0]}`));
    expect(found).toEqual([]);
  });
});
