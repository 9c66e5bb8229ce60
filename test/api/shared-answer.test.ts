// The overview of a county is serialised in turns, so it holds no other request for long: the text
// must be exactly what JSON.stringify writes, for any value an answer can hold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonInTurns, SharedAnswer } from '../../api/shared-answer.ts';

describe('an answer serialised in turns', () => {
  it('is the text JSON.stringify writes, for any JSON-like value with undefined, dates and holes in it', async () => {
    const values = fc.anything({ withBoxedValues: false, withMap: false, withSet: false, withBigInt: false, withTypedArray: false, withSparseArray: true, withNullPrototype: true, withDate: true, withObjectString: false, maxDepth: 6 });
    await fc.assert(fc.asyncProperty(values, fc.integer({ min: 0, max: 6 }), async (value, depth) => {
      expect(await jsonInTurns(value, depth)).toBe(JSON.stringify(value) ?? 'null');
    }), { numRuns: 500 });
  });

  it('writes a list longer than one turn takes whole and in order, with the same ETag as at once', async () => {
    const overview = { headroom: 0.7, municipalities: [{ id: 'land', schools: Array.from({ length: 1234 }, (_, i) => ({ id: `s${i}`, internet: i % 3 ? undefined : { inMbps: i / 7 }, buildings: [{ id: `s${i}-b0` }] })) }] };
    const inTurns = await SharedAnswer.inTurns(overview);
    const atOnce = new SharedAnswer(overview);
    expect(inTurns.json.toString()).toBe(JSON.stringify(overview));
    expect(inTurns.etag).toBe(atOnce.etag);
  });
});
