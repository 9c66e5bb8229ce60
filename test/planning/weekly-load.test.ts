// The forecast's weekly busy-hour p95 per link: from the store's summaries of marked roll-ups, and
// from roll-ups made before marking existed (read whole, link by link), the same weeks.
import { describe, expect, it } from 'vitest';
import { loadsOf, weeklyLinkLoads } from '../../planning/weekly-load.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import type { Store } from '../../store/store.ts';
import { config, NOW, rollups } from '../fixtures/plan-rollups.ts';

const municipality = config.municipalities[0]!;
const place = { municipality: municipality.id, timeZone: municipality.timezone };
// Every link of the demo, its uplinks watched over four weeks and its lines over two.
const links = config.schools.flatMap((s) => [{ kind: 'internet' as const, id: s.id, weeks: 2 }, ...s.buildings.map((b) => ({ kind: 'uplink' as const, id: b.id, weeks: 4 }))]);

describe('weekly link loads for the forecast', () => {
  it('are the same from summaries as read whole, each over its own weeks, and read no roll-up from summaries', async () => {
    const answers = [];
    const reads = [];
    for (const marked of [true, false]) {
      const store = new EmbeddedStore(':memory:');
      await store.write(rollups(marked));
      let ranges = 0;
      const counted: Store = Object.assign(Object.create(store), { range: (q: Parameters<Store['range']>[0]) => (ranges++, store.range(q)) });
      const loads = await weeklyLinkLoads(counted, place, NOW, links);
      answers.push(links.map((l) => [l.kind, l.id, loadsOf(loads, l)]));
      reads.push(ranges);
      await store.close();
    }
    expect(reads).toEqual([0, links.length]);
    expect(answers[0]).toEqual(answers[1]);
    const [, , uplinkWeeks] = answers[0]!.find(([kind]) => kind === 'uplink')!;
    const [, , lineWeeks] = answers[0]!.find(([kind]) => kind === 'internet')!;
    expect(uplinkWeeks).toHaveLength(4);
    expect(lineWeeks).toHaveLength(2);
  });
});
