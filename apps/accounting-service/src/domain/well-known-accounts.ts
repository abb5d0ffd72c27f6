import type { AccountSnapshot } from './account';

/**
 * Consumers seeded by a migration so that anyone (tests, the README's try-it) can make accounting
 * decline on purpose. Every other consumer gets an account with the default limit on first sight.
 */
export const WellKnownAccounts = {
  /** Limit 0: every order with a positive total is declined. */
  alwaysDeclined: {
    consumerId: '00000000-0000-4000-8000-00000000dec1',
    enabled: true,
    authorizationLimit: { amountMinor: 0, currency: 'USD' },
  },
  /** A disabled account: every order is declined, whatever its total. */
  disabled: {
    consumerId: '00000000-0000-4000-8000-0000000000d0',
    enabled: false,
    authorizationLimit: { amountMinor: 1_000_000, currency: 'USD' },
  },
  /** Limit 50.00 USD: a small order is authorized, a revision to a larger total is declined. */
  smallLimit: {
    consumerId: '00000000-0000-4000-8000-000000005000',
    enabled: true,
    authorizationLimit: { amountMinor: 5_000, currency: 'USD' },
  },
} as const satisfies Record<string, AccountSnapshot>;
