// access.localLogin: false: every login goes through a provider; the password form is refused by
// the API (with what to do instead) and hidden by the login page's list.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.ts';
import { configSchema } from '../../config/schema.ts';
import { EmbeddedStore } from '../../store/embedded.ts';
import { PASSWORD, twoMunicipalities } from '../support/two-municipalities.ts';

describe('local login turned off', () => {
  it('refuses a right password, and tells the login page to show the providers only', async () => {
    const { config: base, secrets } = await twoMunicipalities();
    const providers = [{ id: 'idp', name: 'Fjordvik ID', issuer: 'https://idp.fjordvik.example', clientId: 'k', clientSecret: { secret: 'idp' }, municipalities: ['fjordvik'], rules: [{ claim: 'groups', equals: 'staff', role: 'viewer', municipalities: ['fjordvik'] }] }];
    const store = new EmbeddedStore(':memory:');
    const appWith = (localLogin: boolean) => createApp({ config: configSchema.parse({ ...base, access: { ...base.access, localLogin, providers } }), secrets, store, host: '127.0.0.1' });
    const login = (app: ReturnType<typeof createApp>) => app.request('/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'kari', password: PASSWORD }) });

    expect((await login(appWith(true))).status).toBe(200);
    const off = appWith(false);
    const refused = await login(off);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toContain('log in through your identity provider');
    expect(await (await off.request('/api/v1/login/providers')).json()).toEqual({ localLogin: false, providers: [{ id: 'idp', name: 'Fjordvik ID', href: '/auth/idp/login' }] });
    await store.close();
  });
});
