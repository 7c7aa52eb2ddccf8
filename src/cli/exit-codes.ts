/** 0 success, 1 a model, seed or test failed, 2 bad usage or configuration. */
export const EXIT_SUCCESS = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** The exit code for an error that stopped a command before or outside node execution. */
export function exitCodeFor(error: unknown): number {
  const usage = (error as { isUsageError?: boolean } | null)?.isUsageError;
  return usage === false ? EXIT_FAILURE : EXIT_USAGE;
}
