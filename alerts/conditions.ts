// Whether a condition has held long enough to fire, or long enough to clear: the `for` of
// Prometheus rules and the hysteresis of Zabbix triggers, read from the samples themselves, so a
// restart loses nothing. Pure: samples and the time in, a verdict out.

export interface Sample {
  time: number;
  value: number;
}

export interface RunRule {
  /** The firing condition, and how long it must hold. */
  fires: (value: number) => boolean;
  forMs: number;
  /** The clearing condition (stricter than "not firing", for hysteresis), and how long it must hold. */
  clears: (value: number) => boolean;
  clearForMs: number;
}

export type Verdict =
  | { state: 'firing'; since: number; value: number }
  | { state: 'pending'; since: number; value: number }
  | { state: 'ok'; value: number }
  | { state: 'unknown' };

/**
 * The verdict for samples ending now. A firing alert stays firing until the clearing condition has
 * held for its time; one not firing fires once the firing condition has held for its time. Samples
 * older than `staleMs` say nothing about now: the verdict is unknown and the caller keeps what it had.
 */
export function assessRun(samples: readonly Sample[], rule: RunRule, now: number, wasFiring: boolean, staleMs: number): Verdict {
  const sorted = [...samples].sort((a, b) => a.time - b.time);
  const last = sorted.at(-1);
  if (!last || last.time < now - staleMs) return { state: 'unknown' };
  if (wasFiring) {
    const clearSince = runStart(sorted, rule.clears);
    if (clearSince !== undefined && last.time - clearSince >= rule.clearForMs) return { state: 'ok', value: last.value };
    return { state: 'firing', since: runStart(sorted, rule.fires) ?? last.time, value: last.value };
  }
  const since = runStart(sorted, rule.fires);
  if (since === undefined) return { state: 'ok', value: last.value };
  return { state: last.time - since >= rule.forMs ? 'firing' : 'pending', since, value: last.value };
}

/** The time of the first sample of the unbroken run that ends with the last sample, or undefined if the last fails. */
function runStart(sorted: readonly Sample[], holds: (value: number) => boolean): number | undefined {
  let since: number | undefined;
  for (let i = sorted.length - 1; i >= 0 && holds(sorted[i]!.value); i--) since = sorted[i]!.time;
  return since;
}

/** Rules on a share with a threshold above which it fires and one below which it clears. */
export function thresholdRule(above: number, forMinutes: number, clearBelow: number, clearForMinutes: number): RunRule {
  return { fires: (v) => v > above, forMs: forMinutes * 60_000, clears: (v) => v < clearBelow, clearForMs: clearForMinutes * 60_000 };
}

/** Rules on an up/down flag: fires after the grace time down, clears at the first sample up. */
export function downRule(graceMinutes: number): RunRule {
  return { fires: (v) => v === 0, forMs: graceMinutes * 60_000, clears: (v) => v === 1, clearForMs: 0 };
}
