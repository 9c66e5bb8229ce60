// After logging in, the page goes back where the reader came from: only ever a page of this server.
import { describe, expect, it } from 'vitest';
import { pathOnThisSite } from '../../web/next.js';

const ORIGIN = 'https://kapasitet.fjordvik.example';

describe('the page after login', () => {
  it('returns to a page of this server with its query and fragment', () => {
    expect(pathOnThisSite('/building?id=nu-gamle#aps', ORIGIN)).toBe('/building?id=nu-gamle#aps');
    expect(pathOnThisSite('/plan', ORIGIN)).toBe('/plan');
  });

  it('never sends the reader to another site, however the address is spelt', () => {
    for (const next of ['//evil.example', '/\\evil.example', '/\t/evil.example', '/\n/evil.example', '\\\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/%2F%2Fevil.example', ' //evil.example', '/.//evil.example', '/..//evil.example', '/a/..//evil.example', '/./\\evil.example', '/%2e//evil.example', undefined, '']) {
      const to = pathOnThisSite(next, ORIGIN);
      expect(new URL(to, ORIGIN).origin, String(next)).toBe(ORIGIN);
    }
    expect(pathOnThisSite('/\\evil.example', ORIGIN)).toBe('/');
    expect(pathOnThisSite('/.//evil.example/phish', ORIGIN)).toBe('/');
  });

  it('keeps a page whose address has dot segments, as the browser would resolve it', () => {
    expect(pathOnThisSite('/web/../plan?year=2027', ORIGIN)).toBe('/plan?year=2027');
  });
});
