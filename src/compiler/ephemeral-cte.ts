/** The CTE name an ephemeral model is inlined under, in every model and test that reads it. */
export function ephemeralCteName(name: string): string {
  return `__trevco_cte__${name}`;
}
