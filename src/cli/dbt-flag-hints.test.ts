import { describe, expect, it } from 'vitest';
import { dbtFlagHint } from './dbt-flag-hints.js';

describe('dbtFlagHint', () => {
  it("says what a dbt flag is to trevco, or which trevco flag a typo resembles", () => {
    expect(dbtFlagHint("error: unknown option '--state'")).toBe("hint: dbt's --state (state:modified, deferral) is not supported yet; select the nodes by name or with result:error");
    expect(dbtFlagHint("error: unknown option '--profiles-dri'")).toBe('hint: did you mean --profiles-dir?');
    // commander already suggested one: no second suggestion.
    expect(dbtFlagHint("error: unknown option '--selct'\n(Did you mean --select?)")).toBeUndefined();
    expect(dbtFlagHint('error: missing required argument')).toBeUndefined();
  });
});
