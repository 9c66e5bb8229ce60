// What the demo's internet lines carry, class by class: a believable school-day mix (lessons are
// meetings, the learning platform and cloud office; evenings are updates and streaming), and one
// school whose tablets pull their updates on Tuesday mornings in lesson time: an update storm, so
// the dashboard and the plan have something to say about moving it. Pure and deterministic.
import { localWeekTime } from '../models/local-time.ts';
import { schoolDayActivity } from './school-day.ts';

/** The school with the Tuesday-morning update storm, and how hard it pulls. */
export const STORM_SCHOOL = 'storeng-skole';
const STORM_MBPS = 110;

type Shares = Record<string, number>;

const LESSONS: Shares = { 'video-meetings': 0.22, 'learning-exams': 0.18, 'cloud-office': 0.24, 'video-streaming': 0.1, updates: 0.07, 'gaming-social': 0.04, infrastructure: 0.02, other: 0.13 };
const OFF_HOURS: Shares = { 'video-meetings': 0.03, 'learning-exams': 0.04, 'cloud-office': 0.12, 'video-streaming': 0.2, updates: 0.38, 'gaming-social': 0.06, infrastructure: 0.05, other: 0.12 };

/** The update storm's extra download at a school, Mbit/s: Tuesdays 08:15–10:00 local time. */
export function updateStormMbps(schoolId: string, simMs: number, timeZone: string): number {
  if (schoolId !== STORM_SCHOOL) return 0;
  const t = localWeekTime(simMs, timeZone);
  return t.weekday === 2 && t.minuteOfDay >= 8 * 60 + 15 && t.minuteOfDay < 10 * 60 ? STORM_MBPS : 0;
}

/**
 * A line's download and upload, bits per second, split into classes: the school-day shares of what
 * the lessons pull, and the storm's download all updates.
 */
export function classRates(schoolId: string, inBps: number, outBps: number, simMs: number, timeZone: string): Record<string, { inBps: number; outBps: number }> {
  const storm = Math.min(inBps, updateStormMbps(schoolId, simMs, timeZone) * 1e6);
  const lessons = schoolDayActivity(localWeekTime(simMs, timeZone)).intensity >= 0.85;
  const shares = lessons ? LESSONS : OFF_HOURS;
  const out: Record<string, { inBps: number; outBps: number }> = {};
  for (const [cls, share] of Object.entries(shares)) out[cls] = { inBps: (inBps - storm) * share + (cls === 'updates' ? storm : 0), outBps: outBps * share };
  return out;
}
