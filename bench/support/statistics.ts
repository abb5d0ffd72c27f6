/** The value below which `p` of the samples fall (nearest rank): 0.5 is the median, 0.99 the p99. */
export const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

export const median = (values: number[]) => percentile(values, 0.5);
