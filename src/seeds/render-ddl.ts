/** `{{ this }}`, `{{this}}`, `{{  this  }}`. */
const THIS = /\{\{\s*this\s*\}\}/g;

/** Puts the (quoted) relation the DDL must create in place of `{{ this }}`. */
export function renderDdl(text: string, relation: string): string {
  return text.replace(THIS, () => relation);
}

/** Whether a DDL mentions `{{ this }}` at all (without it the DDL would create some other table). */
export function mentionsThis(text: string): boolean {
  return new RegExp(THIS.source).test(text);
}
