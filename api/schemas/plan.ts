// The upgrade plan as the API answers it: the model's output per building and school, and the
// municipality's investment per year. Handlers are type-checked against these, so the model and the
// contract cannot drift apart silently.
import { z } from '@hono/zod-openapi';
import { municipalitySchema } from '../../config/schema.ts';
import { recommendationKinds } from '../../models/plan.ts';

const cost = z.object({ item: z.string(), currency: z.string(), unitPrice: z.number(), oneOff: z.number(), yearly: z.number(), leasable: z.boolean() });

export const recommendationSchema = z
  .object({
    kind: z.enum(recommendationKinds),
    year: z.union([z.number().int(), z.literal('now')]),
    quantity: z.number(),
    priority: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    cost: cost.optional(),
    reason: z.string(),
    evidence: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
    purchase: z
      .object({
        year: z.number().int(),
        month: z.number().int().min(1).max(12),
        budgetYear: z.number().int(),
        urgent: z.boolean().describe('needed now, or its school year\'s purchase month has passed: paid in the earliest purchase month that has not'),
      })
      .optional()
      .describe('when it is paid (planning.budgetYear.purchaseMonth); changes to how the network is run have none'),
  })
  .openapi('Recommendation');

const budgetLine = z.object({
  budgetYear: z.number().int().describe('the calendar year the budget year starts in'),
  network: z.number().describe('network purchases: access points, uplinks, routers, cabling, switches, a line\'s installation'),
  charging: z.number().describe('charging cabinets'),
  devices: z.number().describe('pupil and staff devices bought, and the disposal of those retired'),
  running: z.number().describe('subscriptions and lease instalments running in the year'),
  returned: z.number().describe('what retired devices bring back (income, at most 0)'),
  priceGrowth: z.number().describe('what catalogue.priceGrowthPerYear adds to the year\'s purchases'),
  contingency: z.number().describe('planning.contingency on the year\'s purchases'),
  investment: z.number().describe('purchases that meet planning.capitalisation, with their growth and contingency'),
  operating: z.number().describe('everything else: drift'),
  total: z.number().describe('the sum of the parts above, excluding VAT: investment + operating'),
  vat: z.number().describe('the VAT on the total\'s costs'),
});

export const budgetSchema = z
  .object({
    financing: z.enum(['buy', 'lease']),
    vatRate: z.number(),
    budgetYears: z.array(z.number().int()),
    schools: z.array(z.object({ schoolId: z.string(), years: z.array(budgetLine) })),
    municipality: z.array(budgetLine),
  })
  .describe('every cost of the plan, network and devices, per school and budget year, excluding VAT')
  .openapi('Budget');

const demandYear = {
  year: z.number().int(),
  devices: z.number(),
  demandMbps: z.number().describe("the busy hour's demand: measured and projected, or the devices' estimate where the link is full"),
  estimateMbps: z.number().describe("the devices' demand at the default rates, whatever was measured"),
  examDayMbps: z.number().optional(),
};

const buildingPlan = z.object({
  schoolId: z.string(),
  schoolName: z.string(),
  buildingId: z.string(),
  buildingName: z.string(),
  status: z.enum(['ok', 'short']),
  years: z.array(z.object({ ...demandYear, accessPointsNeeded: z.number() })),
  recommendations: z.array(recommendationSchema),
});

const schoolPlan = z.object({
  schoolId: z.string(),
  schoolName: z.string(),
  internetMbps: z.number().optional(),
  years: z.array(z.object(demandYear)),
  recommendations: z.array(recommendationSchema),
});

const money = {
  oneOff: z.number().describe('bought outright: paid when bought'),
  yearly: z.number().describe('subscriptions running in the year'),
  leased: z.number().describe('the year with equipment leased: instalments, subscriptions, and what cannot be leased'),
  instalments: z.number().describe('the lease instalments within leased'),
};

export const planSchema = z
  .object({
    municipality: municipalitySchema,
    scenario: z.string(),
    scenarioTitle: z.string().describe("the scenario's name in the reader's language"),
    currentYear: z.number().int(),
    measuredUntil: z.iso
      .datetime()
      .openapi({ example: '2026-11-24T09:00:00.000Z' })
      .describe('where the measured four weeks end: the hour rolled up last when the plan was made. While a plan is being made again after a roll-up run, the one from before is served, with its own hour'),
    plannedMonth: z.object({ year: z.number().int(), month: z.number().int().min(1).max(12) }).describe("the month the plan was made in, in the municipality's time zone: nothing is paid in a purchase month before it"),
    buildings: z.array(buildingPlan),
    schools: z.array(schoolPlan),
    budget: budgetSchema,
    investment: z.object({
      currency: z.string().optional(),
      leaseYears: z.number().int(),
      years: z.array(z.object({ year: z.number().int(), ...money, bySchool: z.record(z.string(), z.object(money)) })).describe('per school year, named by its first calendar year'),
      budgetYears: z
        .array(z.object({ budgetYear: z.number().int().describe('the calendar year the budget year starts in'), ...money, bySchool: z.record(z.string(), z.object(money)) }))
        .describe('the same costs per budget year: purchases in the month paid (planning.budgetYear.purchaseMonth), running costs month by month'),
      budgetYearStartMonth: z.number().int().min(1).max(12),
      budgetYearPurchaseMonth: z.number().int().min(1).max(12).describe('the month equipment is paid'),
      unpriced: z.number().int(),
    }),
    fleet: z
      .object({
        titles: z.record(z.string(), z.string()).describe("each device type's name in the reader's language"),
        schools: z.array(
          z.object({
            schoolId: z.string(),
            schoolName: z.string(),
            years: z.array(
              z.object({
                year: z.number().int(),
                type: z.string(),
                needed: z.number(),
                inService: z.number(),
                added: z.number().describe('bought for growth or a policy change'),
                replaced: z.number().describe('bought to replace devices at end of life'),
                retired: z.number().describe('at end of life, returned or disposed of'),
                price: z.number().describe('per device, from the catalogue'),
                disposalCost: z.number().describe('per retired device, from the catalogue'),
                boughtCost: z.number().describe('purchases and disposal'),
                returnedValue: z.number().describe('what the retired devices bring back'),
                leasePerMonth: z.number().optional().describe('per device, from the catalogue, where the supplier leases it'),
                leasedCost: z.number().optional().describe('every needed device leased for the year'),
              }),
            ),
          }),
        ),
        years: z.array(z.object({ year: z.number().int(), ...money })),
        budgetYears: z.array(z.object({ budgetYear: z.number().int(), ...money })),
      })
      .describe('pupil and staff devices, apart from the network (catalogue.devices and each school\'s fleet)'),
    scenarios: z.array(z.string()).describe('every device policy, for a scenario picker'),
    scenarioTitles: z.record(z.string(), z.string()).describe("each device policy's name in the reader's language (its title, else its name)"),
  })
  .openapi('Plan');

export const planQuery = z
  .object({
    municipality: z.string().optional(),
    scenario: z.string().optional().describe('device policy; default: the planning scenario, else the first'),
  })
  .strict();

export const workbookQuery = planQuery
  .extend({ compare: z.string().optional().describe('further device policies, separated by commas, each with its own sheets behind a comparison sheet') })
  .strict();

export const compareQuery = z
  .object({
    municipality: z.string().optional(),
    scenarios: z.string().describe('device policies separated by commas, e.g. today,one-to-one'),
  })
  .strict();

export const comparisonSchema = z.object({ plans: z.array(planSchema) }).openapi('PlanComparison');
