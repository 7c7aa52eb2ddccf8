const GLOB_CHARACTERS = /[*?[]/;

/** Whether `pattern` uses any glob syntax (`*`, `?`, `[...]`). */
export function hasGlob(pattern: string): boolean {
  return GLOB_CHARACTERS.test(pattern);
}

/**
 * A test for whether a whole string matches a shell-like glob, as dbt's fnmatch-based methods do:
 * - `*` is any run of characters except `/`, and `?` one character except `/`;
 * - `**` is any run including `/`, and a `**` that forms a whole folder may also stand for no folder;
 * - `[abc]`, `[a-z]` and `[!a]` are character classes.
 * Without glob syntax the test is plain equality. Matching is case-sensitive.
 */
export function globMatcher(pattern: string): (text: string) => boolean {
  if (!hasGlob(pattern)) return (text) => text === pattern;
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*' && pattern[i + 1] === '*') {
      // A whole-folder `**` may match no folder, so `models/` + `**` + `/x.sql` also matches models/x.sql.
      const folders = pattern[i + 2] === '/' && (i === 0 || pattern[i - 1] === '/');
      source += folders ? '(?:.*/)?' : '.*';
      i += folders ? 2 : 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      // As in fnmatch, a ']' right after '[' or '[!' belongs to the class, and an unclosed '[' is literal.
      const start = pattern[i + 1] === '!' ? i + 2 : i + 1;
      const end = pattern.indexOf(']', start + 1);
      if (end === -1) {
        source += '\\[';
        continue;
      }
      const members = pattern.slice(start, end).replace(/[\\\]^]/g, '\\$&');
      source += `[${start === i + 2 ? '^' : ''}${members}]`;
      i = end;
    } else {
      source += char.replace(/[.+^${}()|\\/[\]]/g, '\\$&');
    }
  }
  const regExp = new RegExp(`^${source}$`, 's');
  return (text) => regExp.test(text);
}
