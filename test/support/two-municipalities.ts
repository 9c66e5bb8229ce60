// A config for an installation two municipalities share: the demo's schools split between Fjordvik
// and Nordvik, with an account of every role. Passwords are hashed once per run (scrypt is slow on
// purpose).
import { hashPassword } from '../../api/auth/passwords.ts';
import { configSchema, type Config } from '../../config/schema.ts';
import { Secrets } from '../../config/secrets.ts';
import { demoConfig } from '../../simulator/demo.ts';

export const PASSWORD = 'correct horse battery staple';
export const TOKENS = { fjordvikViewer: 'tok-fjordvik-viewer-0123456789', fjordvikPlanner: 'tok-fjordvik-planner-0123456789', nordvikAdmin: 'tok-nordvik-netadmin-0123456789', everywhere: 'tok-admin-all-0123456789' };

export async function twoMunicipalities(): Promise<{ config: Config; secrets: Secrets }> {
  const demo = demoConfig();
  const hash = await hashPassword(PASSWORD);
  const { municipalities, schools, ...rest } = demo;
  const config = configSchema.parse({
    ...rest,
    municipalities: [municipalities[0], { id: 'nordvik', name: 'Nordvik kommune', timezone: 'Europe/Oslo' }],
    // Storeng skole moves to Nordvik; the other two stay in Fjordvik.
    schools: schools.map((s) => ({ ...s, municipality: s.id === 'storeng-skole' ? 'nordvik' : 'fjordvik' })),
    access: {
      users: [
        { name: 'kari', passwordHash: hash, role: 'facilities-planner', municipalities: ['fjordvik'] },
        { name: 'ola', passwordHash: hash, role: 'network-admin', municipalities: ['nordvik'] },
      ],
      tokens: [
        { name: 'wall', token: { secret: 'wall' }, role: 'viewer', municipalities: ['fjordvik'] },
        { name: 'budget', token: { secret: 'budget' }, role: 'facilities-planner', municipalities: ['fjordvik'] },
        { name: 'noc', token: { secret: 'noc' }, role: 'network-admin', municipalities: ['nordvik'] },
        { name: 'ops', token: { secret: 'ops' }, role: 'admin', municipalities: ['*'] },
      ],
    },
  });
  const secrets = Secrets.literal({ wall: TOKENS.fjordvikViewer, budget: TOKENS.fjordvikPlanner, noc: TOKENS.nordvikAdmin, ops: TOKENS.everywhere });
  return { config, secrets };
}
