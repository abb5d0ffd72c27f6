import { FailedPreconditionError, InvalidArgumentError, type ItemQuantity, type Money, type PricedLineItem } from '@ftgo/contracts';

export interface MenuItem {
  id: string;
  name: string;
  priceMinor: number;
}

export interface RestaurantSnapshot {
  id: string;
  name: string;
  acceptingOrders: boolean;
  currency: string;
  menu: MenuItem[];
}

export interface PricedOrder {
  restaurantId: string;
  restaurantName: string;
  lineItems: PricedLineItem[];
  total: Money;
}

const MAX_QUANTITY = 100;

/** How many unknown items a refusal names; the rest are counted. */
const NAMED_ITEMS = 5;

function listed(items: string[]): string {
  const named = items.slice(0, NAMED_ITEMS).join(', ');
  return items.length > NAMED_ITEMS ? `${named} and ${items.length - NAMED_ITEMS} more` : named;
}

/**
 * A restaurant and its menu: it decides whether an order can be taken and what it costs. Read, never
 * changed by the kitchen's use cases, so it causes no events; it is restored and snapshotted like an aggregate.
 */
export class Restaurant {
  private constructor(private readonly data: RestaurantSnapshot) {}

  static restore(snapshot: RestaurantSnapshot): Restaurant {
    return new Restaurant(structuredClone(snapshot));
  }

  snapshot(): RestaurantSnapshot {
    return structuredClone(this.data);
  }

  /** ValidateOrder: open, every item on the menu, sane quantities; the prices of today, in minor units. */
  priceOrder(lineItems: ItemQuantity[]): PricedOrder {
    if (!this.data.acceptingOrders) throw new FailedPreconditionError(`restaurant ${this.data.name} is not accepting orders`);
    const problem = this.problemWith(lineItems);
    if (problem) throw new InvalidArgumentError(problem);
    const priced = lineItems.map((line) => this.price(line));
    const amountMinor = priced.reduce((sum, line) => sum + line.unitPrice.amountMinor * line.quantity, 0);
    return {
      restaurantId: this.data.id,
      restaurantName: this.data.name,
      lineItems: priced,
      total: { amountMinor, currency: this.data.currency },
    };
  }

  /** Why these items cannot be cooked here, or undefined when they can (used for tickets and revisions). */
  problemWith(lineItems: ItemQuantity[]): string | undefined {
    if (lineItems.length === 0) return 'an order needs at least one line item';
    const bad = lineItems.find((line) => !Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_QUANTITY);
    if (bad) return `quantity of ${bad.menuItemId} must be an integer from 1 to ${MAX_QUANTITY}, got ${bad.quantity}`;
    const unknown = lineItems.filter((line) => !this.menuItem(line.menuItemId)).map((line) => line.menuItemId);
    if (unknown.length > 0) return `not on the menu of ${this.data.name}: ${listed(unknown)}`;
    return undefined;
  }

  /** Why a new ticket cannot be taken now, or undefined. */
  refusalOf(lineItems: ItemQuantity[]): string | undefined {
    if (!this.data.acceptingOrders) return `restaurant ${this.data.name} is not accepting orders`;
    return this.problemWith(lineItems);
  }

  private price(line: ItemQuantity): PricedLineItem {
    const item = this.menuItem(line.menuItemId) as MenuItem;
    return { ...line, name: item.name, unitPrice: { amountMinor: item.priceMinor, currency: this.data.currency } };
  }

  private menuItem(id: string): MenuItem | undefined {
    return this.data.menu.find((item) => item.id === id);
  }
}
