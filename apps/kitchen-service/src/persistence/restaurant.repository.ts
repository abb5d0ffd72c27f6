import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Restaurant, type RestaurantSnapshot } from '../domain/restaurant';

interface RestaurantRow {
  id: string;
  name: string;
  accepting_orders: boolean;
  currency: string;
  menu: { id: string; name: string; price_minor: number }[];
}

// One query per read: the menu comes along as a JSON array, ordered by item id.
const SELECT_RESTAURANTS = `
  SELECT r.id, r.name, r.accepting_orders, r.currency,
         COALESCE(jsonb_agg(jsonb_build_object('id', m.id, 'name', m.name, 'price_minor', m.price_minor) ORDER BY m.id)
                  FILTER (WHERE m.id IS NOT NULL), '[]') AS menu
  FROM restaurant r LEFT JOIN menu_item m ON m.restaurant_id = r.id`;

function toSnapshot(row: RestaurantRow): RestaurantSnapshot {
  return {
    id: row.id,
    name: row.name,
    acceptingOrders: row.accepting_orders,
    currency: row.currency,
    menu: row.menu.map((item) => ({ id: item.id, name: item.name, priceMinor: item.price_minor })),
  };
}

/** The restaurants and their menus; read only (the seed migration writes them). */
@Injectable()
export class RestaurantRepository {
  async findAll(manager: EntityManager): Promise<Restaurant[]> {
    const rows: RestaurantRow[] = await manager.query(`${SELECT_RESTAURANTS} GROUP BY r.id ORDER BY r.name`);
    return rows.map((row) => Restaurant.restore(toSnapshot(row)));
  }

  async findById(manager: EntityManager, id: string): Promise<Restaurant | undefined> {
    const rows: RestaurantRow[] = await manager.query(`${SELECT_RESTAURANTS} WHERE r.id = $1 GROUP BY r.id`, [id]);
    return rows[0] && Restaurant.restore(toSnapshot(rows[0]));
  }
}
