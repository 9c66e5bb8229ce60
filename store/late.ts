// Raw points written well after their time may land in hours already rolled up: a collector's spool
// emptied after an outage writes minutes or hours of them at once, often after maintenance has
// caught up with those hours. The writer leaves a note of the span it wrote late (a `late_points`
// point); maintenance reads the notes and rolls those hours, and their days, up again.
import { HOUR_MS, hourOf } from './rollup.ts';
import type { Point } from './point.ts';

/** The times and count of points written late; `widened` adds a batch to it. */
export interface LateSpan {
  from: number;
  to: number;
  points: number;
}

export function widened(span: LateSpan | undefined, points: readonly Point[]): LateSpan | undefined {
  if (points.length === 0) return span;
  let from = span?.from ?? Infinity;
  let to = span?.to ?? -Infinity;
  for (const p of points) {
    if (p.time < from) from = p.time;
    if (p.time > to) to = p.time;
  }
  return { from, to, points: (span?.points ?? 0) + points.length };
}

/** The note of a span written late, by `writer` (a process's own id). */
export function lateNote(span: LateSpan, writer: string, now: number): Point {
  return { measurement: 'late_points', tags: { writer }, fields: { ...span }, time: now };
}

/** The hours the notes name, oldest first, within [from, before). */
export function lateHours(notes: readonly Point[], from: number, before: number): number[] {
  const hours = new Set<number>();
  for (const note of notes) {
    const first = hourOf(Math.max(from, note.fields.from ?? Infinity));
    const last = Math.min(hourOf(note.fields.to ?? -Infinity), before - HOUR_MS);
    for (let hour = first; hour <= last; hour += HOUR_MS) hours.add(hour);
  }
  return [...hours].sort((a, b) => a - b);
}
