// A browser that has logged in to an account before: it keeps a sealed, HTTP-only cookie naming the
// accounts it logged in to, each with an id of its own, so the login limit can tell the owner's
// browser from a stranger guessing the same account. The cookie proves only that a right password
// was given in this browser once; it lets nobody in.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Sealer } from './sealed.ts';

export const KNOWN_BROWSER_COOKIE = 'kapasitet_known';
/** A year: the owner's browser stays known between logins. */
export const KNOWN_BROWSER_SECONDS = 365 * 86_400;
/** Accounts one browser is remembered for; the oldest goes first. */
const MAX_ACCOUNTS = 8;
const PURPOSE = 'kapasitet known browser';

const knownSchema = z.array(z.object({ name: z.string(), id: z.string(), until: z.number() })).max(MAX_ACCOUNTS);

/** The browser's id for `name`, if this cookie says it logged in to that account before (and not too long ago). */
export function knownBrowser(sealer: Sealer, cookie: string | undefined, name: string, now: number): string | undefined {
  return entries(sealer, cookie).find((e) => e.name === name && e.until > now)?.id;
}

/** The cookie's value once `name` has logged in from this browser: its id kept, or a new one. */
export function rememberBrowser(sealer: Sealer, cookie: string | undefined, name: string, now: number): string {
  const kept = entries(sealer, cookie).filter((e) => e.until > now);
  const id = kept.find((e) => e.name === name)?.id ?? randomBytes(16).toString('base64url');
  const others = kept.filter((e) => e.name !== name).slice(-(MAX_ACCOUNTS - 1));
  return sealer.seal(PURPOSE, [...others, { name, id, until: now + KNOWN_BROWSER_SECONDS * 1000 }]);
}

function entries(sealer: Sealer, cookie: string | undefined): z.infer<typeof knownSchema> {
  return knownSchema.safeParse(sealer.open(PURPOSE, cookie)).data ?? [];
}
