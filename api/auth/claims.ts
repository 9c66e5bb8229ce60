// From an identity provider's claims to a role and municipalities, by the provider's rules. Every
// rule that matches grants; the highest role granted wins, in the municipalities the rules grant
// that role in, and never outside what the provider may grant (after a merger, its own council's).
import type { ClaimRule, LoginProvider, Role } from '../../config/access.ts';
import { roles } from '../../config/access.ts';

export interface Grant {
  role: Role;
  /** Municipality ids, or every municipality of the installation where a rule names "*". */
  municipalities: string[];
}

/** Whether a claim holds the rule's value: the value itself, or a list that holds it. */
function matches(rule: ClaimRule, claims: Record<string, unknown>): boolean {
  const wanted = Array.isArray(rule.equals) ? rule.equals : [rule.equals];
  const held = claims[rule.claim];
  const values = Array.isArray(held) ? held : [held];
  return values.some((v) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && wanted.includes(String(v)));
}

/** What the claims grant through `provider`'s rules; undefined when no rule grants anything. */
export function grantOf(provider: LoginProvider, claims: Record<string, unknown>, allMunicipalities: readonly string[]): Grant | undefined {
  const bound = new Set(provider.municipalities.includes('*') ? allMunicipalities : provider.municipalities);
  const granted = provider.rules
    .filter((rule) => matches(rule, claims))
    .map((rule) => ({ role: rule.role, municipalities: (rule.municipalities.includes('*') ? allMunicipalities : rule.municipalities).filter((m) => bound.has(m)) }))
    .filter((g) => g.municipalities.length > 0);
  if (granted.length === 0) return undefined;
  const highest = granted.reduce((a, g) => (roles.indexOf(g.role) > roles.indexOf(a.role) ? g : a)).role;
  return { role: highest, municipalities: [...new Set(granted.filter((g) => g.role === highest).flatMap((g) => g.municipalities))] };
}
