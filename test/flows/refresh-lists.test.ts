// Refreshing the Microsoft 365 lists from the endpoint sets Microsoft publishes: the cited sets
// replace the lists whole, the sources take the version's date, and nothing else in the file moves.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_FILE } from '../../flows/classifier.ts';
import { refreshM365, type EndpointSet } from '../../flows/refresh-lists.ts';

const catalogue = readFileSync(CATALOGUE_FILE, 'utf8');

/** The sets as the web service would give them, made from the catalogue's own lists (by the ID each cites). */
function setsOf(text: string): EndpointSet[] {
  const sets = new Map<number, string[]>();
  for (const c of parse(text).classes) for (const m of c.match ?? []) {
    const id = /ID (\d+)/.exec(m.source ?? '')?.[1];
    if (id && m.prefixes) sets.set(Number(id), m.prefixes);
  }
  return [...sets].map(([id, ips]) => ({ id, ips }));
}

describe('refreshing the Microsoft 365 lists', () => {
  it('changes nothing but the dates where the published sets are the ones held', () => {
    const { text, changed } = refreshM365(catalogue, setsOf(catalogue), '2026-08-14');
    expect(changed).toEqual([]);
    expect(text).toBe(catalogue);
  });

  it('takes a set whole where it grew, keeps every comment, and says what changed', () => {
    const sets = setsOf(catalogue).map((s) => (s.id === 31 ? { ...s, ips: [...s.ips!, '2603:1061:1400::/40'] } : s));
    const { text, changed } = refreshM365(catalogue, sets, '2026-12-01');
    expect(changed).toEqual(['cloud-office: ID 31: 1 added, 0 gone']);
    const sharepoint = parse(text).classes.find((c: { id: string }) => c.id === 'cloud-office').match.find((m: { source: string }) => m.source.includes('ID 31'));
    expect(sharepoint.prefixes).toContain('2603:1061:1400::/40');
    expect(sharepoint.source).toBe('Microsoft 365 endpoints (worldwide), SharePoint Online and OneDrive, ID 31 "Optimize", version of 2026-12-01');
    for (const comment of catalogue.split('\n').filter((l) => l.trim().startsWith('#'))) expect(text).toContain(comment.trim());
  });

  it('refuses a copy of the sets that lacks one the catalogue cites, naming it', () => {
    expect(() => refreshM365(catalogue, setsOf(catalogue).filter((s) => s.id !== 46), '2026-12-01')).toThrow(/ID 46/);
  });
});
