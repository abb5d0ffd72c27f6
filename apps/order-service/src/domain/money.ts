import type { ItemQuantity, Money, PricedLineItem } from '@ftgo/contracts';

/** Integer minor units: a sum of integers never rounds. One currency per order. */
export function totalOf(lineItems: readonly PricedLineItem[]): Money {
  const currency = lineItems[0]?.unitPrice.currency ?? 'USD';
  const amountMinor = lineItems.reduce((sum, item) => sum + item.unitPrice.amountMinor * item.quantity, 0);
  return { amountMinor, currency };
}

/** The order's items with new quantities; the prices stay those the kitchen quoted at ordering. */
export function repriced(priced: readonly PricedLineItem[], quantities: readonly ItemQuantity[]): PricedLineItem[] {
  return quantities.map(({ menuItemId, quantity }) => {
    const item = priced.find((candidate) => candidate.menuItemId === menuItemId);
    if (!item) throw new Error(`menu item ${menuItemId} is not on the order`);
    return { ...item, quantity };
  });
}
