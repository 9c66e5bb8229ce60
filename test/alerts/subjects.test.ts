import { describe, expect, it } from 'vitest';
import { behind, ruleFor } from '../../alerts/subjects.ts';
import { webhookPayload } from '../../alerts/notify/receivers.ts';
import { alertsSchema } from '../../config/alerts.ts';
import { demoConfig } from '../../simulator/demo.ts';

describe('alert rules as they apply', () => {
  const alerts = alertsSchema.parse({
    overrides: [
      { building: 'nu-gamle', link: 'uplink', rules: { linkLoad: { forMinutes: 30 } } },
      { school: 'nordli-ungdomsskole', rules: { linkLoad: { above: 0.9, forMinutes: 5 } } },
      { building: 'nu-gamle', rules: { linkLoad: { above: 0.95 } } },
    ],
  });

  it('applies overrides from the school to the building to the link, the most specific last', () => {
    expect(ruleFor(alerts, 'linkLoad', { school: 'fjordvik-barneskole', building: 'fb-a', link: 'uplink' })).toMatchObject({ above: 0.8, forMinutes: 15, clearBelow: 0.7 });
    expect(ruleFor(alerts, 'linkLoad', { school: 'nordli-ungdomsskole', link: 'internet' })).toMatchObject({ above: 0.9, forMinutes: 5, clearBelow: 0.7 });
    expect(ruleFor(alerts, 'linkLoad', { school: 'nordli-ungdomsskole', building: 'nu-gamle', link: 'uplink' })).toMatchObject({ above: 0.95, forMinutes: 30, clearBelow: 0.7 });
  });

  it('knows what each device sits behind: a building switch, the school router', () => {
    const school = demoConfig().schools.find((s) => s.id === 'nordli-ungdomsskole')!;
    expect(behind(school, 'nu-rtr')).toEqual([]);
    expect(behind(school, 'nu-gamle-sw')).toEqual(['nu-rtr']);
    expect(behind(school, 'nu-wlc')).toEqual(['nu-rtr']);
  });
});

describe('webhook formats', () => {
  const body = {
    version: 1 as const,
    municipality: 'm',
    school: { id: 's', name: 'School' },
    summary: 'M, School: 1 firing',
    alerts: [{ status: 'firing' as const, rule: 'linkLoad' as const, key: 'k', title: 'Sustained load', school: { id: 's', name: 'School' }, building: null, subject: 'uplink', value: 0.9, limit: 0.8, unit: 'share', since: '', firedAt: null, resolvedAt: null, date: null, fix: null, text: 'FIRING Sustained load: School · uplink', url: 'https://k.example/' }],
  };

  it('gives Teams an Adaptive Card, Slack its text, and everyone else the documented body', () => {
    const teams = webhookPayload('teams', body) as any;
    expect(teams.type).toBe('message');
    expect(teams.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(teams.attachments[0].content.body.map((b: any) => b.text)).toEqual(['M, School: 1 firing', 'FIRING Sustained load: School · uplink [Open](https://k.example/)']);
    expect(webhookPayload('slack', body)).toEqual({ text: 'M, School: 1 firing\n\nFIRING Sustained load: School · uplink\nhttps://k.example/\n' });
    expect(webhookPayload('json', body)).toBe(body);
  });
});
