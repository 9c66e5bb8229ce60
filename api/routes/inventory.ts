// The inventory of the municipalities an account may read; device addresses for network roles only.
import { createRoute } from '@hono/zod-openapi';
import type { DeviceConfig } from '../../config/schema.ts';
import { hasFlows } from '../../config/inventory.ts';
import { need } from '../auth/middleware.ts';
import { allows } from '../auth/roles.ts';
import { errorResponses, json } from '../schemas/common.ts';
import { inventorySchema } from '../schemas/inventory.ts';
import type { Api, RouteContext } from './context.ts';

export function inventoryRoutes(app: Api, ctx: RouteContext): void {
  app.openapi(
    createRoute({ method: 'get', path: '/api/v1/inventory', tags: ['inventory'], summary: 'schools, buildings, devices and access points', responses: { 200: json(inventorySchema, 'never any credential'), ...errorResponses } }),
    (c) => {
      const principal = need(c, 'read:measurements');
      const addresses = allows(principal.role, 'read:devices');
      // Where and what a device is; how to log in to it is never part of an answer.
      const device = (d: DeviceConfig) => ({ id: d.id, name: d.name, role: d.role, ...(addresses ? { host: d.snmp.host, port: d.snmp.port, version: d.snmp.version } : {}) });
      const municipalities = ctx.config.municipalities
        .filter((m) => principal.municipalities.has(m.id))
        .map((m) => ({
          ...m,
          schools: ctx.config.schools
            .filter((s) => s.municipality === m.id)
            .map((s) => ({
              id: s.id,
              name: s.name,
              internet: s.internet,
              flows: hasFlows(ctx.config, s.id),
              devices: s.devices.map(device),
              buildings: s.buildings.map((b) => ({ id: b.id, name: b.name, classrooms: b.classrooms, grades: b.grades, uplink: b.uplink, devices: b.devices.map(device), accessPoints: b.accessPoints })),
            })),
        }));
      return c.json(inventorySchema.parse({ municipalities }), 200);
    },
  );
}
