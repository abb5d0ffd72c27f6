/** The names of order's synchronous dependencies: one breaker each, shown in /health and /metrics. */
export const Dependencies = {
  kitchen: 'kitchen',
  accounting: 'accounting',
} as const;
