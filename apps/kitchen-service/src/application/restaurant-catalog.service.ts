import { type ItemQuantity, NotFoundError } from '@ftgo/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PricedOrder, Restaurant, RestaurantSnapshot } from '../domain/restaurant';
import { RestaurantRepository } from '../persistence/restaurant.repository';
import { requireUuid } from './require-uuid';

/** Read-only restaurant use cases, shared by REST (`/restaurants`) and gRPC (`ValidateOrder`). */
@Injectable()
export class RestaurantCatalog {
  constructor(
    private readonly dataSource: DataSource,
    private readonly restaurants: RestaurantRepository,
  ) {}

  async list(): Promise<RestaurantSnapshot[]> {
    const all = await this.restaurants.findAll(this.dataSource.manager);
    return all.map((restaurant) => restaurant.snapshot());
  }

  async get(id: string): Promise<RestaurantSnapshot> {
    return (await this.find(id)).snapshot();
  }

  /** Restaurant exists and is open, items on its menu; the prices. Reads only: the order decides. */
  async validateOrder(restaurantId: string, lineItems: ItemQuantity[]): Promise<PricedOrder> {
    return (await this.find(restaurantId)).priceOrder(lineItems);
  }

  private async find(id: string): Promise<Restaurant> {
    const restaurant = await this.restaurants.findById(this.dataSource.manager, requireUuid(id, 'restaurantId'));
    if (!restaurant) throw new NotFoundError(`no restaurant ${id}`);
    return restaurant;
  }
}
