import { id } from '@ftgo/contracts';
import { z } from 'zod';
import type { RestaurantSnapshot } from '../domain/restaurant';

/** What clients see of a restaurant: its menu, prices in minor units of its currency. */
export const restaurantViewSchema = z.object({
  id,
  name: z.string(),
  acceptingOrders: z.boolean(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  menu: z.array(z.object({ id: z.string(), name: z.string(), priceMinor: z.number().int().nonnegative() })),
});

export type RestaurantView = z.output<typeof restaurantViewSchema>;

/** The snapshot as it is sent: the compiler holds the documented schema to the snapshot's type. */
export const restaurantView = (restaurant: RestaurantSnapshot): RestaurantView => restaurant;
