// @ts-check
// Where to go after logging in: the page that sent the reader here, only if it is on this server.
// Browsers read "/\evil.example" and "/<TAB>/evil.example" as "//evil.example", another site, so the
// address is resolved as the browser would before its origin is compared.

/**
 * The path, query and fragment of `next` when it leads to `origin`, else "/".
 * @param {string | undefined} next
 * @param {string} origin
 * @returns {string}
 */
export function pathOnThisSite(next, origin) {
  if (!next || !next.startsWith('/')) return '/';
  let url;
  try {
    url = new URL(next, origin);
  } catch {
    return '/';
  }
  return url.origin === origin ? `${url.pathname}${url.search}${url.hash}` : '/';
}
