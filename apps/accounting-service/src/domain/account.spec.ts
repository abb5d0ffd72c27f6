import { describe, expect, it } from 'vitest';
import { Account } from './account';
import { WellKnownAccounts } from './well-known-accounts';

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
const consumerId = '11111111-1111-4111-8111-111111111111';

describe('the authorization rule', () => {
  const account = Account.open(consumerId, usd(10_000));

  it('approves an amount up to and including the limit', () => {
    expect(account.decide(usd(9_999))).toEqual({ approved: true });
    expect(account.decide(usd(10_000))).toEqual({ approved: true });
  });

  it('declines an amount above the limit and names both amounts', () => {
    expect(account.decide(usd(10_001))).toEqual({
      approved: false,
      reason: '10001 USD minor units exceed the authorization limit of 10000 USD minor units',
    });
  });

  it('declines an amount in another currency than the account', () => {
    const decision = account.decide({ amountMinor: 1, currency: 'EUR' });
    expect(decision).toEqual({ approved: false, reason: `amount is in EUR but account ${consumerId} is in USD` });
  });

  it('declines everything on a disabled account, checked before the limit', () => {
    const disabled = Account.restore(WellKnownAccounts.disabled);
    expect(disabled.decide(usd(1))).toEqual({ approved: false, reason: `account ${WellKnownAccounts.disabled.consumerId} is disabled` });
  });

  it('lets the seeded consumers decline on purpose: limit 0 declines any positive total', () => {
    const alwaysDeclined = Account.restore(WellKnownAccounts.alwaysDeclined);
    expect(alwaysDeclined.decide(usd(1)).approved).toBe(false);
    const smallLimit = Account.restore(WellKnownAccounts.smallLimit);
    expect(smallLimit.decide(usd(5_000)).approved).toBe(true);
    expect(smallLimit.decide(usd(5_001)).approved).toBe(false);
  });

  it('opens a new account enabled with a copy of the default limit', () => {
    const limit = usd(500);
    const opened = Account.open(consumerId, limit);
    limit.amountMinor = 0;
    expect(opened.snapshot()).toEqual({ consumerId, enabled: true, authorizationLimit: usd(500) });
  });
});
