/**
 * Consumers accounting seeds so that a payment is declined on purpose (accounting-service's
 * README, "Consumers that decline on purpose"). The page reads each one's account from
 * accounting's REST API to show its limit; "a new consumer" gets the default account.
 */
export const SEEDED_CONSUMERS = [
  { consumerId: '00000000-0000-4000-8000-00000000dec1', label: 'always declined (limit 0)' },
  { consumerId: '00000000-0000-4000-8000-0000000000d0', label: 'disabled account' },
  { consumerId: '00000000-0000-4000-8000-000000005000', label: 'limit 50.00 (a larger revision is declined)' },
] as const;
