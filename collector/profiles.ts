// Loads the shipped profiles (collector/profiles/*.yaml) and picks the ones a device is read with.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type snmp from 'net-snmp';
import type { DeviceConfig } from '../config/schema.ts';
import { profileSchema, type Profile } from './profile-schema.ts';
import { projectPath } from '../config/install-paths.ts';
import { hasSubtree } from './snmp-session.ts';

const PROFILE_DIR = projectPath('collector', 'profiles');

export function loadProfiles(dir = PROFILE_DIR): Map<string, Profile> {
  const profiles = new Map<string, Profile>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const parsed = profileSchema.safeParse(parse(readFileSync(join(dir, file), 'utf8')));
    if (!parsed.success) {
      const first = parsed.error.issues[0]!;
      throw new Error(`profile ${join(dir, file)}: ${first.path.join('.')}: ${first.message}`);
    }
    profiles.set(parsed.data.name, parsed.data);
  }
  return profiles;
}

/**
 * The profiles named in the device's config, or else every profile whose match takes the device's
 * role or its sysObjectID (so a controller configured under another role is still read as one).
 */
export function profilesFor(device: DeviceConfig, profiles: Map<string, Profile>, sysObjectID?: string): Profile[] {
  if (device.profiles) {
    return device.profiles.map((name) => {
      const p = profiles.get(name);
      if (!p) throw new Error(`device ${device.id}: no profile named "${name}" (have: ${[...profiles.keys()].join(', ')})`);
      return p;
    });
  }
  const matched = [...profiles.values()].filter((p) => p.match.roles.includes(device.role) || matchesSysObjectId(p, sysObjectID));
  const replaced = replacedBy(matched, sysObjectID);
  return matched.filter((p) => !replaced.has(p.name));
}

/** Profiles that a profile selected by this sysObjectID stands in for (`match.replaces`): never read beside it, nor probed. */
export function replacedBy(chosen: Profile[], sysObjectID: string | undefined): Set<string> {
  return new Set(chosen.filter((p) => matchesSysObjectId(p, sysObjectID)).flatMap((p) => p.match.replaces));
}

export function matchesSysObjectId(profile: Profile, sysObjectID: string | undefined): boolean {
  return sysObjectID !== undefined && profile.match.sysObjectIdPrefixes.some((prefix) => sysObjectID === prefix || sysObjectID.startsWith(`${prefix}.`));
}

/** The candidates whose probe column has rows on this device: one GetNext each, in order. */
export async function probeProfiles(session: snmp.Session, candidates: Iterable<Profile>): Promise<Profile[]> {
  const found: Profile[] = [];
  for (const profile of candidates) if (profile.match.probe && (await hasSubtree(session, profile.match.probe))) found.push(profile);
  return found;
}
