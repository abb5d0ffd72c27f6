import { type ItemQuantity, NotFoundError } from '@ftgo/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PricedOrder, Restaurant, RestaurantSnapshot } from '../domain/restaurant';
import { RestaurantRepository } from '../persistence/restaurant.repository';

/** The restaurants as REST (`/restaurants`) and gRPC (`ValidateOrder`) read them. */
@Injectable()
export class RestaurantQueries {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(RestaurantRepository) private readonly restaurants: RestaurantRepository,
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
    const restaurant = await this.restaurants.findById(this.dataSource.manager, id);
    if (!restaurant) throw new NotFoundError(`no restaurant ${id}`);
    return restaurant;
  }
}
