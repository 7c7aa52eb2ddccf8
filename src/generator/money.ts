/**
 * Money is computed in integer cents and discounts in integer basis points (hundredths of a percent), so every
 * documented identity holds exactly; rows carry dollars as numbers with at most two decimals.
 */

/** Dollars (at most two decimals) to cents. */
export function toCents(dollars: number): number {
  return Math.round(dollars * 100);
}

/** Cents to dollars. */
export function toDollars(cents: number): number {
  return cents / 100;
}

/**
 * `round(subtotal × (1 − pct/100), 2)` with ties rounded away from zero, as PostgreSQL's `round(numeric, 2)` does.
 * `discountBasisPoints` is the discount percentage × 100 (12.5 % → 1250).
 */
export function discountedCents(subtotalCents: number, discountBasisPoints: number): number {
  const scaled = subtotalCents * (10_000 - discountBasisPoints); // exact: well below 2^53
  return Math.floor((2 * scaled + 10_000) / 20_000);
}
