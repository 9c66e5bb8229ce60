// The overview changes only when a poll is stored. Readers of the same municipalities share one
// answer (api/shared-answer.ts) until then: a wall display and ten laptops at 08:00 cost one read
// of the store, one serialisation and one gzip per poll, not one each.
import { overview } from './overview.ts';
import type { RouteContext } from './routes/context.ts';
import { SharedAnswer } from './shared-answer.ts';

/**
 * Where no signal says a poll was stored (an API made without the server's collector or watch), the
 * answer is read again when it is this old, and the old one is served while it is.
 */
const OVERVIEW_TTL_MS = 5000;

/** Where every stored poll is signalled, a missed signal still shows within this. */
const SIGNALLED_TTL_MS = 300_000;

interface Entry {
  at: number;
  /** Set after a stored poll: the next reader waits for the new state rather than take this one. */
  stale: boolean;
  next: Promise<SharedAnswer>;
  /** `next`, once read. */
  value?: SharedAnswer;
  /** The answer before `next`, served while a timed-out one is read again. */
  previous?: SharedAnswer;
}

export class OverviewCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly ctx: RouteContext) {
    const stale = () => this.entries.forEach((e) => (e.stale = true));
    ctx.live.subscribe(stale, stale);
  }

  get(municipalities: ReadonlySet<string>): Promise<SharedAnswer> {
    const key = [...municipalities].sort().join(',');
    let entry = this.entries.get(key);
    const ttl = this.ctx.live.signalled ? SIGNALLED_TTL_MS : OVERVIEW_TTL_MS;
    if (!entry || entry.stale || this.ctx.now() - entry.at >= ttl) entry = this.refresh(key, municipalities, entry);
    const ready = entry.value ?? entry.previous;
    return ready ? Promise.resolve(ready) : entry.next;
  }

  private refresh(key: string, municipalities: ReadonlySet<string>, before: Entry | undefined): Entry {
    // Typed by the schema when compiled, not parsed: parsing 5,000 schools' answer took 35–85 ms each poll.
    const next = overview(this.ctx.config, this.ctx.store, municipalities).then((o) => SharedAnswer.inTurns(o));
    // After a stored poll nothing older is served. After a timeout the last answer is, until this one
    // is ready, but only an answer read in the last round: a store that hangs is not hidden for long.
    const entry: Entry = { at: this.ctx.now(), stale: false, next, previous: before && !before.stale ? before.value : undefined };
    this.entries.set(key, entry);
    next.then(
      (answer) => {
        entry.value = answer;
        entry.previous = undefined;
      },
      // A failed read is not kept: the next request asks the store again.
      () => this.entries.get(key) === entry && this.entries.delete(key),
    );
    return entry;
  }
}
