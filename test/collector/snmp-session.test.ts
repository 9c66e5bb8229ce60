// OID order decides where a walk goes next and when an agent is refused for going backwards.
import { describe, expect, it } from 'vitest';
import { compareOids } from '../../collector/snmp-session.ts';

describe('compareOids', () => {
  it('orders by number, part by part, with a prefix before what extends it', () => {
    const sorted = ['1.3.6.1.2.1.2.2.1.10', '1.3.6.1.2.1.2.2.1.2.10', '1.3.6.1.2.1.2.2.1.2.9', '1.3.6.1.2.1.2.2.1.2', '1.3.6.1.4294967295.1', '1.3.6.1.2', '1.3.6.1.2.1.2.2.1.2.1'].sort(compareOids);
    expect(sorted).toEqual(['1.3.6.1.2', '1.3.6.1.2.1.2.2.1.2', '1.3.6.1.2.1.2.2.1.2.1', '1.3.6.1.2.1.2.2.1.2.9', '1.3.6.1.2.1.2.2.1.2.10', '1.3.6.1.2.1.2.2.1.10', '1.3.6.1.4294967295.1']);
  });

  it('finds equal OIDs equal and differing ones not', () => {
    expect(compareOids('1.3.6.1', '1.3.6.1')).toBe(0);
    expect(compareOids('1.3.6.1', '1.3.6.1.0')).toBeLessThan(0);
    expect(compareOids('1.3.6.2', '1.3.6.10')).toBeLessThan(0);
    expect(compareOids('1.3.7', '1.3.6.1')).toBeGreaterThan(0);
  });
});
