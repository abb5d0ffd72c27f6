import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SEED_RESTAURANTS } from '../../domain/seed-restaurants';

/** The demo restaurants, as data every environment shares; the README's try-it uses their ids. */
export class SeedRestaurants1764100001000 implements MigrationInterface {
  name = 'SeedRestaurants1764100001000';

  async up(runner: QueryRunner): Promise<void> {
    for (const restaurant of SEED_RESTAURANTS) {
      await runner.query(`INSERT INTO restaurant (id, name, accepting_orders, currency) VALUES ($1, $2, $3, $4)`, [
        restaurant.id,
        restaurant.name,
        restaurant.acceptingOrders,
        restaurant.currency,
      ]);
      for (const item of restaurant.menu) {
        await runner.query(`INSERT INTO menu_item (restaurant_id, id, name, price_minor) VALUES ($1, $2, $3, $4)`, [
          restaurant.id,
          item.id,
          item.name,
          item.priceMinor,
        ]);
      }
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    const ids = SEED_RESTAURANTS.map((restaurant) => restaurant.id);
    await runner.query(`DELETE FROM menu_item WHERE restaurant_id = ANY($1)`, [ids]);
    await runner.query(`DELETE FROM restaurant WHERE id = ANY($1)`, [ids]);
  }
}
