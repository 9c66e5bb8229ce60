// The school's internet line: the busy-hour demand of all its buildings together against the line's
// contracted capacity, and the tier to move to when it runs short. Pure.
import { msg } from './message.ts';
import type { Catalogue } from '../config/schema.ts';
import { purchase, round, subscription } from './costs.ts';
import { fullMessage, isFull, peakMessage, peakOf, priorityOf, type BuildingPlan, type PlanParameters, type Recommendation } from './plan.ts';
import { mixEvidence, trafficRecommendations, type TrafficMix } from './traffic-plan.ts';

export interface LineLoad {
  /** Busy-hour 95th percentile of the line's busier direction, Mbit/s. */
  p95Mbps: number;
  samples: number;
  source: 'hourly roll-ups' | 'raw points';
  from: number;
  to: number;
}

export interface SchoolInput {
  schoolId: string;
  schoolName: string;
  internetMbps?: number;
  /** Rated throughput of the router carrying the internet line, where the config gives it. */
  routerMbps?: number;
  measuredInternet?: LineLoad;
  /** What kind of traffic filled the line at its busy hour, where flows are collected. */
  trafficMix?: TrafficMix;
  /** The school's buildings, planned: their projected demand is summed per year. */
  buildings: BuildingPlan[];
}

export interface SchoolPlan {
  schoolId: string;
  schoolName: string;
  internetMbps?: number;
  years: { year: number; devices: number; demandMbps: number; estimateMbps: number; examDayMbps?: number }[];
  recommendations: Recommendation[];
}

export function planSchool(input: SchoolInput, params: PlanParameters): SchoolPlan {
  // Buildings' busy hours coincide in a school (one timetable), so their demands add up.
  const sum = (i: number, pick: (y: BuildingPlan['years'][number]) => number | undefined) => round(input.buildings.reduce((n, b) => n + (pick(b.years[i]!) ?? 0), 0));
  const exam = input.buildings.some((b) => b.years.some((y) => y.examDayMbps !== undefined));
  // A full line holds back every building behind it: their measurements are lower bounds too.
  const full = isFull(input.measuredInternet?.p95Mbps, input.internetMbps, params);
  const years = (input.buildings[0]?.years ?? []).map((y, i) => {
    const demandMbps = sum(i, (b) => b.demandMbps);
    const estimateMbps = sum(i, (b) => b.estimateMbps);
    return {
      year: y.year,
      devices: sum(i, (b) => b.devices),
      demandMbps: full ? Math.max(demandMbps, estimateMbps) : demandMbps,
      estimateMbps,
      ...(exam ? { examDayMbps: sum(i, (b) => b.examDayMbps) } : {}),
    };
  });
  const recommendations: Recommendation[] = [];
  if (input.internetMbps) {
    const limit = input.internetMbps * params.headroom;
    const m = input.measuredInternet;
    const shortNow = m !== undefined && m.p95Mbps > limit;
    const firstShort = years.find((y) => peakOf(y) > limit);
    if (shortNow || firstShort) {
      const peak = Math.max(m?.p95Mbps ?? 0, ...years.map(peakOf));
      const tier = tierFor(params.catalogue, input.internetMbps, peak / params.headroom);
      const year = shortNow ? ('now' as const) : firstShort!.year;
      recommendations.push({
        kind: 'raise-internet-tier',
        year,
        quantity: 1,
        priority: priorityOf(year, params.currentYear),
        cost: tier && params.catalogue ? subscription(params.catalogue, `${tier.mbps} Mbit/s internet line`, tier.monthlyPrice, tier.installation) : undefined,
        message: msg(tier ? 'reason.internet' : 'reason.internetNoTier', { why: full && shortNow ? fullMessage('internet', m.p95Mbps, years[0]!) : shortNow ? msg('reason.measuredP95', { mbps: round(m!.p95Mbps) }) : peakMessage(firstShort!, true), percent: Math.round(params.headroom * 100), mbps: input.internetMbps, ...(tier ? { tier: tier.mbps } : {}) }),
        evidence: {
          internetMbps: input.internetMbps,
          limitMbps: round(limit),
          projectedPeakMbps: round(peak),
          ...(tier ? { targetMbps: tier.mbps } : {}),
          ...(m ? { measuredP95Mbps: round(m.p95Mbps), measuredFrom: new Date(m.from).toISOString(), measuredTo: new Date(m.to).toISOString(), samples: m.samples, source: m.source } : {}),
          ...(full ? { linkFull: true, estimatedMbps: years[0]!.estimateMbps } : {}),
          headroom: params.headroom,
          ...(input.trafficMix ? mixEvidence(input.trafficMix) : {}),
          scenario: params.scenario,
        },
      });
    }
  }
  const lineUpgrade = recommendations[0];
  recommendations.push(...routerRecommendations(input, params, lineUpgrade));
  if (input.trafficMix && input.internetMbps) {
    // The peak of the year the upgrade is for: now, today's busy hour or this school year's devices, whichever is higher.
    const upgradeYear = lineUpgrade === undefined ? undefined : lineUpgrade.year === 'now' ? years[0] : years.find((y) => y.year === lineUpgrade.year);
    const upgradePeakMbps = upgradeYear && Math.max(peakOf(upgradeYear), lineUpgrade!.year === 'now' ? (input.measuredInternet?.p95Mbps ?? 0) : 0);
    recommendations.push(...trafficRecommendations({ mix: input.trafficMix, internetMbps: input.internetMbps, measuredP95Mbps: input.measuredInternet?.p95Mbps, upgrade: lineUpgrade, ...(upgradePeakMbps !== undefined ? { upgradePeakMbps } : {}) }, params));
  }
  return { schoolId: input.schoolId, schoolName: input.schoolName, internetMbps: input.internetMbps, years, recommendations };
}

/**
 * The router must carry the whole internet line: today's, or the tier the plan moves to. Where its
 * rated throughput falls short, the smallest catalogue router that carries the line replaces it,
 * in the year the line needs it.
 */
function routerRecommendations(input: SchoolInput, params: PlanParameters, lineUpgrade: Recommendation | undefined): Recommendation[] {
  if (!input.routerMbps || !input.internetMbps) return [];
  const lineMbps = Number(lineUpgrade?.evidence.targetMbps ?? input.internetMbps);
  if (lineMbps <= input.routerMbps) return [];
  const year = input.internetMbps > input.routerMbps ? ('now' as const) : lineUpgrade!.year;
  const offered = [...(params.catalogue?.routers ?? [])].sort((a, b) => a.throughputMbps - b.throughputMbps);
  const router = offered.find((r) => r.throughputMbps >= lineMbps) ?? offered.at(-1);
  return [
    {
      kind: 'replace-router',
      year,
      quantity: 1,
      priority: priorityOf(year, params.currentYear),
      cost: router && params.catalogue ? purchase(params.catalogue, router.model, router, 1) : undefined,
      message: msg(year === 'now' ? 'reason.router.is' : 'reason.router.willBe', { router: input.routerMbps, line: lineMbps, replacement: router ? msg('reason.router.with', { model: router.model, mbps: router.throughputMbps }) : msg('reason.router.none') }),
      evidence: { routerMbps: input.routerMbps, lineMbps, ...(router ? { targetMbps: router.throughputMbps } : {}), scenario: params.scenario },
    },
  ];
}

/** The smallest tier above the current line that carries `neededMbps`, else the largest on offer. */
function tierFor(catalogue: Catalogue | undefined, currentMbps: number, neededMbps: number) {
  const tiers = [...(catalogue?.internetTiers ?? [])].filter((t) => t.mbps > currentMbps).sort((a, b) => a.mbps - b.mbps);
  return tiers.find((t) => t.mbps >= neededMbps) ?? tiers.at(-1);
}
