/**
 * A connection URL fit for printing: the password (in the user info, or a `password=` parameter, which `pg` also
 * reads) becomes `****`. Anything that is not a URL is returned with only `password=` parameters masked.
 */
export function redactUrl(url: string): string {
  let redacted = url;
  const scheme = redacted.indexOf('://');
  if (scheme >= 0) {
    const start = scheme + 3;
    // The last '@' anywhere: a password with an unencoded '@', '/' or '?' is then masked whole. An '@' in the query
    // string masks the host too, which errs on the side of printing less.
    const at = redacted.lastIndexOf('@');
    const colon = redacted.indexOf(':', start);
    if (at >= start && colon >= start && colon < at) {
      redacted = `${redacted.slice(0, colon + 1)}****${redacted.slice(at)}`;
    }
  }
  return redacted.replace(/((?:^|[\s?&])password\s*=\s*)('[^']*'|[^\s&#]+)/gi, '$1****');
}
