import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Restaurants, their menus and tickets. Prices are integer minor units. `ticket.order_id` is
 * unique: one ticket per order, whatever a redelivered OrderCreated tries. `version` is the
 * optimistic lock every update checks.
 */
export class CreateKitchenTables1764100000000 implements MigrationInterface {
  name = 'CreateKitchenTables1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE restaurant (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        accepting_orders boolean NOT NULL,
        currency char(3) NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE menu_item (
        restaurant_id uuid NOT NULL REFERENCES restaurant (id),
        id text NOT NULL,
        name text NOT NULL,
        price_minor integer NOT NULL CHECK (price_minor >= 0),
        PRIMARY KEY (restaurant_id, id)
      )`);
    await runner.query(`
      CREATE TABLE ticket (
        id uuid PRIMARY KEY,
        order_id uuid NOT NULL UNIQUE,
        restaurant_id uuid NOT NULL,
        state text NOT NULL,
        line_items jsonb NOT NULL,
        ready_by timestamptz,
        pending_revision jsonb,
        version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE ticket`);
    await runner.query(`DROP TABLE menu_item`);
    await runner.query(`DROP TABLE restaurant`);
  }
}
