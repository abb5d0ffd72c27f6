import type { Money } from '@ftgo/contracts';

/**
 * ## The authorization rule
 *
 * Every consumer has one account. It is opened, enabled, the first time accounting sees the
 * consumer (their first `OrderCreated`), with the default limit from the configuration
 * (`ACCOUNT_DEFAULT_LIMIT_MINOR`, `ACCOUNT_DEFAULT_CURRENCY`). A payment of `amount` is authorized
 * only when all three hold, checked in this order; the first that fails is the decline reason:
 *
 * 1. the account is enabled;
 * 2. the amount is in the account's currency;
 * 3. the amount is at most the account's authorization limit — the most ONE order may authorize
 *    (accounting.v1 `Account.authorization_limit`). A revision is checked the same way against
 *    its new total.
 *
 * The rule depends on nothing but the account and the amount, so a test can make it decline on
 * purpose: use one of the seeded consumers in `well-known-accounts.ts` (limit 0, disabled, or a
 * small limit that passes a first order and declines a larger revision), or an order whose total
 * exceeds the default limit.
 */
export type AuthorizationDecision = { approved: true } | { approved: false; reason: string };

export interface AccountSnapshot {
  consumerId: string;
  enabled: boolean;
  authorizationLimit: Money;
}

const format = (money: Money) => `${money.amountMinor} ${money.currency} minor units`;

export class Account {
  private constructor(private readonly data: AccountSnapshot) {}

  /** A consumer seen for the first time: enabled, with the default limit. */
  static open(consumerId: string, defaultLimit: Money): Account {
    return new Account({ consumerId, enabled: true, authorizationLimit: { ...defaultLimit } });
  }

  static restore(snapshot: AccountSnapshot): Account {
    return new Account(structuredClone(snapshot));
  }

  get consumerId(): string {
    return this.data.consumerId;
  }

  snapshot(): AccountSnapshot {
    return structuredClone(this.data);
  }

  decide(amount: Money): AuthorizationDecision {
    const { consumerId, enabled, authorizationLimit: limit } = this.data;
    if (!enabled) return { approved: false, reason: `account ${consumerId} is disabled` };
    if (amount.currency !== limit.currency) {
      return { approved: false, reason: `amount is in ${amount.currency} but account ${consumerId} is in ${limit.currency}` };
    }
    if (amount.amountMinor > limit.amountMinor) {
      return { approved: false, reason: `${format(amount)} exceed the authorization limit of ${format(limit)}` };
    }
    return { approved: true };
  }
}
