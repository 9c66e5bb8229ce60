// @ts-check
// Where to go after logging in: the page that sent the reader here, only if it is on this server.
// The one decision for the login page and the server (the identity provider's callback).
// Browsers read "/\evil.example" and "/<TAB>/evil.example" as "//evil.example", another site, so the
// address is resolved as the browser would before its origin is compared. Resolving also removes dot
// segments: "/.//evil.example" becomes the path "//evil.example", which a browser (or a Location
// header) reads as another site again; so the answer is resolved once more and must lead home too.

/** Longer addresses are not pages of this server; the login cookie carries the answer. */
const MAX_LENGTH = 1000;

/**
 * The path, query and fragment of `next` when it leads to `origin`, else "/".
 * @param {string | undefined} next
 * @param {string} origin
 * @returns {string}
 */
export function pathOnThisSite(next, origin) {
  if (!next || !next.startsWith('/') || next.length > MAX_LENGTH) return '/';
  const path = resolvedPath(next, origin);
  // A path that is itself read as another site ("//host", "/\host") is not one of ours.
  return path !== undefined && !/^\/[\\/]/.test(path) && resolvedPath(path, origin) === path ? path : '/';
}

/**
 * @param {string} address
 * @param {string} origin
 * @returns {string | undefined}
 */
function resolvedPath(address, origin) {
  let url;
  try {
    url = new URL(address, origin);
  } catch {
    return undefined;
  }
  return url.origin === origin ? `${url.pathname}${url.search}${url.hash}` : undefined;
}

/** The server's form of it: any origin will do to judge a path, only whether it stays home matters. */
const ANY_ORIGIN = 'http://kapasitet.invalid';

/**
 * @param {string | undefined} next
 * @returns {string}
 */
export function pathOnServer(next) {
  return pathOnThisSite(next, ANY_ORIGIN);
}
