// What kind of traffic fills a school's line at its busy hour, and what the plan does with it: the
// mix as evidence on every line and uplink recommendation; moving movable traffic (updates) out of
// school hours or to a local cache where it takes more than a set share, with the tier upgrade that
// would avoid; and the order to prioritise the classes in when the line is congested. Pure.
import { round } from './costs.ts';
import { msg, NOTHING, weekdayHour, type Message } from './message.ts';
import { priorityOf, type EvidenceValue, type PlanParameters, type Recommendation } from './plan.ts';

export interface ClassLoad {
  id: string;
  name: string;
  /** Mean Mbit/s into the school over the busy hour. */
  mbps: number;
  movable: boolean;
  /** The class's address lists under-count it: its figure is at least this. */
  lowerBound: boolean;
  qos: { rank: number; dscp: number; phb: string };
}

export interface TrafficMix {
  /** Start of the busiest hour (ms), over the weeks looked at. */
  busyHour: number;
  /** Every class together at that hour, Mbit/s into the school. */
  totalMbps: number;
  classes: ClassLoad[];
  source: 'hourly roll-ups' | 'raw points';
}

const DEFAULT_MOVABLE_SHARE = 0.15;

/** A class by its name in the reader's language; a municipality's own class by its configured name. */
const className = (c: ClassLoad): Message => msg(`traffic.class.${c.id}`, undefined, c.name);

/** "Video meetings 42 %; Updates ≥ 31 %; …": the mix, biggest first, as evidence reads it. */
export function describeMix(mix: TrafficMix): Message {
  const items = [...mix.classes]
    .filter((c) => c.mbps > 0)
    .sort((a, b) => b.mbps - a.mbps)
    .map((c) => msg(c.lowerBound ? 'evidenceValue.mix.atLeast' : 'evidenceValue.mix.share', { class: className(c), share: Math.round((c.mbps / mix.totalMbps) * 100) }));
  return msg('evidenceValue.list', { items });
}

/** The evidence a line or uplink recommendation carries about the school's busy hour. */
export function mixEvidence(mix: TrafficMix): Record<string, EvidenceValue> {
  return { busyHourMix: describeMix(mix), busyHourAt: new Date(mix.busyHour).toISOString(), busyHourTotalMbps: round(mix.totalMbps) };
}

/** "1 Video meetings AF41 (DSCP 34); 2 …": the classes in the order to serve them. */
export function qosTable(mix: TrafficMix): Message {
  const items = [...mix.classes].sort((a, b) => a.qos.rank - b.qos.rank).map((c, i) => msg('evidenceValue.qos', { rank: i + 1, class: className(c), phb: c.qos.phb, dscp: c.qos.dscp }));
  return msg('evidenceValue.list', { items });
}

export interface TrafficPlanInput {
  mix: TrafficMix;
  internetMbps: number;
  /** The line's measured busy-hour p95, Mbit/s, where measured. */
  measuredP95Mbps?: number;
  /** The plan's tier upgrade for this line, if it has one: what moving traffic could avoid. */
  upgrade?: Recommendation;
  /**
   * The line's projected peak in the upgrade's year, Mbit/s (today's busy hour, or more, for one
   * needed now): the move avoids the upgrade only if this, less the movable share, fits the line.
   */
  upgradePeakMbps?: number;
}

export function trafficRecommendations(input: TrafficPlanInput, params: Pick<PlanParameters, 'headroom' | 'currentYear' | 'scenario' | 'movableShare'>): Recommendation[] {
  const { mix } = input;
  if (mix.totalMbps <= 0) return [];
  const limit = input.internetMbps * params.headroom;
  const recommendations: Recommendation[] = [];
  const movable = mix.classes.filter((c) => c.movable);
  const movableMbps = movable.reduce((n, c) => n + c.mbps, 0);
  const share = movableMbps / mix.totalMbps;
  const maxShare = params.movableShare ?? DEFAULT_MOVABLE_SHARE;
  const at = weekdayHour(mix.busyHour);
  if (share > maxShare) {
    const names = movable.filter((c) => c.mbps > 0).map(className);
    const after = (input.measuredP95Mbps ?? mix.totalMbps) - movableMbps;
    // The upgrade's own year decides: today's updates moved do not carry the devices of 2028.
    const peakAfter = input.upgradePeakMbps !== undefined ? input.upgradePeakMbps * (1 - share) : after;
    const avoids = input.upgrade !== undefined && after <= limit && peakAfter <= limit;
    const tier = input.upgrade?.evidence.targetMbps;
    const upgradeCost = input.upgrade?.cost;
    const avoided = !avoids
      ? input.upgrade && input.upgradePeakMbps !== undefined
        ? msg('reason.move.stays', { year: input.upgrade.year === 'now' ? params.currentYear : input.upgrade.year, peak: round(input.upgradePeakMbps), peakAfter: round(peakAfter), tier: String(tier) })
        : NOTHING
      : upgradeCost
        ? msg('reason.move.avoidsPriced', { tier: String(tier), yearly: upgradeCost.yearly, currency: upgradeCost.currency, install: upgradeCost.oneOff ? msg('reason.move.install', { oneOff: upgradeCost.oneOff, currency: upgradeCost.currency }) : NOTHING })
        : msg('reason.move.avoids', { tier: String(tier) });
    recommendations.push({
      kind: 'move-movable-traffic',
      year: 'now',
      quantity: 1,
      priority: input.upgrade ? priorityOf(input.upgrade.year, params.currentYear) : 3,
      message: msg(movable.some((c) => c.lowerBound) ? 'reason.move.atLeast' : 'reason.move.share', {
        names,
        share: Math.round(share * 100),
        movable: round(movableMbps),
        total: round(mix.totalMbps),
        at,
        max: Math.round(maxShare * 100),
        after: round(after),
        under: msg(after <= limit ? 'reason.move.under' : 'reason.move.over', { limit: round(limit) }),
        avoided,
      }),
      evidence: {
        movableMbps: round(movableMbps),
        movableShare: round(share),
        maxMovableShare: maxShare,
        busyHourAfterMbps: round(after),
        limitMbps: round(limit),
        ...(input.upgradePeakMbps !== undefined ? { upgradePeakMbps: round(input.upgradePeakMbps), upgradePeakAfterMbps: round(peakAfter) } : {}),
        avoidsUpgrade: avoids,
        ...(avoids && tier !== undefined ? { avoidedTierMbps: tier } : {}),
        ...(avoids && upgradeCost ? { avoidedYearly: upgradeCost.yearly, avoidedOneOff: upgradeCost.oneOff, currency: upgradeCost.currency } : {}),
        ...mixEvidence(mix),
        scenario: params.scenario,
      },
    });
  }
  const congested = (input.measuredP95Mbps ?? 0) > limit || input.upgrade !== undefined;
  if (congested) {
    recommendations.push({
      kind: 'prioritise-traffic',
      year: 'now',
      quantity: 1,
      priority: input.upgrade ? priorityOf(input.upgrade.year, params.currentYear) : 2,
      message: msg(input.measuredP95Mbps !== undefined && input.measuredP95Mbps > limit ? 'reason.prioritise.is' : 'reason.prioritise.willBe', { table: qosTable(mix) }),
      evidence: { qosTable: qosTable(mix), ...mixEvidence(mix), limitMbps: round(limit), scenario: params.scenario },
    });
  }
  return recommendations;
}
