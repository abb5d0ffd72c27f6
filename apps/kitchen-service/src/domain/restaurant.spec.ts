import { FailedPreconditionError, InvalidArgumentError } from '@ftgo/contracts';
import { describe, expect, it } from 'vitest';
import { Restaurant, type RestaurantSnapshot } from './restaurant';

const luigi: RestaurantSnapshot = {
  id: '22222222-2222-4222-8222-222222222222',
  name: "Luigi's",
  acceptingOrders: true,
  currency: 'USD',
  menu: [
    { id: 'margherita', name: 'Margherita', priceMinor: 1100 },
    { id: 'tiramisu', name: 'Tiramisu', priceMinor: 650 },
  ],
};

describe('Restaurant.priceOrder', () => {
  it('prices every line from the menu and totals in minor units', () => {
    const priced = Restaurant.restore(luigi).priceOrder([
      { menuItemId: 'margherita', quantity: 2 },
      { menuItemId: 'tiramisu', quantity: 1 },
    ]);
    expect(priced.total).toEqual({ amountMinor: 2850, currency: 'USD' });
    expect(priced.lineItems[0]).toEqual({ menuItemId: 'margherita', quantity: 2, name: 'Margherita', unitPrice: { amountMinor: 1100, currency: 'USD' } });
  });

  it('refuses a closed restaurant as a failed precondition', () => {
    const closed = Restaurant.restore({ ...luigi, acceptingOrders: false });
    expect(() => closed.priceOrder([{ menuItemId: 'margherita', quantity: 1 }])).toThrow(FailedPreconditionError);
  });

  it.each([
    [[], /at least one line item/],
    [[{ menuItemId: 'margherita', quantity: 0 }], /quantity of margherita must be an integer from 1 to 100, got 0/],
    [[{ menuItemId: 'margherita', quantity: 101 }], /from 1 to 100/],
    [[{ menuItemId: 'sushi', quantity: 1 }, { menuItemId: 'ramen', quantity: 1 }], /not on the menu of Luigi's: sushi, ramen/],
  ])('refuses bad line items %j as invalid arguments that say what is wrong', (lineItems, message) => {
    expect(() => Restaurant.restore(luigi).priceOrder(lineItems)).toThrow(InvalidArgumentError);
    expect(() => Restaurant.restore(luigi).priceOrder(lineItems)).toThrow(message);
  });

  it('names the closed restaurant as the reason a new ticket cannot be taken', () => {
    expect(Restaurant.restore({ ...luigi, acceptingOrders: false }).refusalOf([{ menuItemId: 'margherita', quantity: 1 }])).toBe(
      "restaurant Luigi's is not accepting orders",
    );
    expect(Restaurant.restore(luigi).refusalOf([{ menuItemId: 'margherita', quantity: 1 }])).toBeUndefined();
  });
});
