/**
 * A connection URL fit for printing: the password (in the user info, or a `password=` parameter, which `pg` also
 * reads) becomes `****`. Malformed URLs are masked too, erring on the side of printing less:
 * - no `://` (`app:pw@host/db`, `postgres//app:pw@h`): the text before the last `@` is taken as user info;
 * - no `@` (`postgres://app:pw/db`): a `:` in the host part followed by anything but a port number is taken as
 *   the start of a password, and the rest of the host part is masked.
 * Conninfo strings (`host=h password=pw`) get their `password=` masked.
 */
export function redactUrl(url: string): string {
  let redacted = url;
  const scheme = redacted.indexOf('://');
  const start = scheme >= 0 ? scheme + 3 : 0;
  // The last '@' anywhere: a password with an unencoded '@', '/' or '?' is then masked whole. An '@' in the query
  // string masks the host too, which errs on the side of printing less.
  const at = redacted.lastIndexOf('@');
  if (at >= start) {
    const userInfoStart = scheme >= 0 ? start : Math.max(0, redacted.lastIndexOf('/', at) + 1, redacted.lastIndexOf(' ', at) + 1);
    const colon = redacted.indexOf(':', userInfoStart);
    if (colon >= userInfoStart && colon < at) redacted = `${redacted.slice(0, colon + 1)}****${redacted.slice(at)}`;
  } else if (scheme >= 0) {
    redacted = redactHostPart(redacted, start);
  }
  return redacted.replace(/((?:^|[\s?&;])password\s*=\s*)('[^']*'|[^\s&#;]+)/gi, '$1****');
}

/** `postgres://app:pw/db` (no `@`): whatever follows a `:` that does not start a port number is masked. */
function redactHostPart(url: string, start: number): string {
  const end = (() => {
    const stops = ['/', '?', '#'].map((stop) => url.indexOf(stop, start)).filter((index) => index >= 0);
    return stops.length > 0 ? Math.min(...stops) : url.length;
  })();
  const authority = url.slice(start, end);
  // IPv6 hosts are bracketed: look for the port after the closing bracket.
  const hostEnd = authority.startsWith('[') ? authority.indexOf(']') + 1 : 0;
  const colon = authority.indexOf(':', hostEnd);
  if (colon < 0) return url;
  const afterColon = authority.slice(colon + 1);
  if (/^\d*(,.*)?$/.test(afterColon)) return url; // a port (or a multi-host list)
  return `${url.slice(0, start + colon + 1)}****${url.slice(end)}`;
}

/** Keys whose values are secrets wherever they appear in a YAML or conninfo line. */
const SECRET_KEY = /^(\s*(?:-\s+)?["']?[\w-]*(?:password|passwd|pwd|secret|token)[\w-]*["']?\s*:\s*)(\S.*)$/i;
const URL_LIKE = /[a-z][a-z0-9+.-]*:\/\/[^\s"'`]+|[^\s"'`/]+:[^\s"'`]*@[^\s"'`]+/gi;

/** One line of text with its secrets masked, and how to move a column of the original onto the masked text. */
export interface MaskedLine {
  readonly text: string;
  readonly column: (original: number) => number;
}

/**
 * Masks what looks like a secret in free text (a YAML file that did not parse, so its values were never read):
 * values of keys named like a password or token, URLs with a password, `password=` parameters.
 */
export function redactSecretsInLine(line: string): MaskedLine {
  const edits: { start: number; end: number; replacement: string }[] = [];
  const keyed = SECRET_KEY.exec(line);
  if (keyed && keyed[2]!.trim() !== '****' && keyed[2]!.trim() !== '"****"') {
    edits.push({ start: keyed[1]!.length, end: line.length, replacement: '****' });
  } else {
    for (const match of line.matchAll(URL_LIKE)) {
      const masked = redactUrl(match[0]);
      if (masked !== match[0]) edits.push({ start: match.index!, end: match.index! + match[0].length, replacement: masked });
    }
    for (const match of line.matchAll(/((?:^|[\s?&;])password\s*=\s*)('[^']*'|[^\s&#;'"]+)/gi)) {
      const start = match.index! + match[1]!.length;
      if (match[2] === '****' || edits.some((edit) => start >= edit.start && start < edit.end)) continue;
      edits.push({ start, end: start + match[2]!.length, replacement: '****' });
    }
  }
  edits.sort((a, b) => a.start - b.start);
  let text = '';
  let last = 0;
  for (const edit of edits) {
    text += line.slice(last, edit.start) + edit.replacement;
    last = edit.end;
  }
  text += line.slice(last);
  const column = (original: number): number => {
    const offset = original - 1;
    let delta = 0;
    for (const edit of edits) {
      if (edit.end <= offset) delta += edit.replacement.length - (edit.end - edit.start);
      else if (edit.start < offset) return edit.start + delta + 1; // inside a mask: point at its start
    }
    return offset + delta + 1;
  };
  return { text, column };
}

/** Every line of `text` masked as `redactSecretsInLine` does. */
export function redactSecretsInText(text: string): string {
  return text.split('\n').map((line) => redactSecretsInLine(line).text).join('\n');
}
