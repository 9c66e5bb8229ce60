// Poll slots as the store shows them: a device has one point in each slot it was polled in, and a
// poll that outlasted its slot (a loaded machine, a slow agent) says in its point's `overruns` field
// how many slots after it were not polled. Tests that lose no poll check that every slot of a window
// is one or the other: a slot lost between the collector and the store is neither.
import type { Point } from '../../store/point.ts';

/** The slots from `first` to `last` that `points` (one device's, any order) account for, in order; a slot stored twice shows twice. */
export function slotsAccountedFor(points: readonly Point[], intervalMs: number, first: number, last: number): number[] {
  const slots: number[] = [];
  for (const p of [...points].sort((a, b) => a.time - b.time)) {
    const slot = Math.floor(p.time / intervalMs);
    if (slot >= first && slot <= last) slots.push(slot);
    for (let s = slot + 1; s <= slot + (p.fields.overruns ?? 0); s++) if (s >= first && s <= last) slots.push(s);
  }
  return slots.sort((a, b) => a - b);
}

/** What a failure names: the slots missing, and the device's points near them. */
export function describeMissing(points: readonly Point[], intervalMs: number, expected: number[], slots: number[]): string {
  const missing = expected.filter((e) => !slots.includes(e));
  const near = points.filter((p) => missing.some((m) => Math.abs(Math.floor(p.time / intervalMs) - m) <= 2));
  return `missing slots ${missing.join(', ')}; points near them: ${near.map((p) => `${Math.floor(p.time / intervalMs)} at ${new Date(p.time).toISOString()} ${JSON.stringify(p.fields)}`).join('; ')}`;
}
