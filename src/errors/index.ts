export * from './trevco-error.js';
export { formatError, excerptWithCaret } from './format-error.js';
export { didYouMean } from './did-you-mean.js';
