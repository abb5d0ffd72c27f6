import type { RestaurantSnapshot } from '../domain/restaurant';

/**
 * Fixed ids, so that docs, curl examples and tests can name them. Sushi Corner is closed on
 * purpose: it is how a test (or a reader with curl) meets "restaurant not accepting orders".
 */
export const SEED_RESTAURANTS: readonly RestaurantSnapshot[] = [
  {
    id: '11111111-1111-4111-8111-111111111111',
    name: 'Ajanta',
    acceptingOrders: true,
    currency: 'USD',
    menu: [
      { id: 'chicken-vindaloo', name: 'Chicken Vindaloo', priceMinor: 1295 },
      { id: 'garlic-naan', name: 'Garlic Naan', priceMinor: 350 },
      { id: 'mango-lassi', name: 'Mango Lassi', priceMinor: 450 },
    ],
  },
  {
    id: '22222222-2222-4222-8222-222222222222',
    name: "Luigi's Pizzeria",
    acceptingOrders: true,
    currency: 'USD',
    menu: [
      { id: 'margherita', name: 'Pizza Margherita', priceMinor: 1100 },
      { id: 'quattro-formaggi', name: 'Pizza Quattro Formaggi', priceMinor: 1350 },
      { id: 'tiramisu', name: 'Tiramisu', priceMinor: 650 },
    ],
  },
  {
    id: '33333333-3333-4333-8333-333333333333',
    name: 'Sushi Corner',
    acceptingOrders: false,
    currency: 'USD',
    menu: [{ id: 'salmon-nigiri', name: 'Salmon Nigiri', priceMinor: 600 }],
  },
];
