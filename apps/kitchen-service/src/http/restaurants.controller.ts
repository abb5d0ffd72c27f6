import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RestaurantQueries } from '../application/restaurant-queries';
import type { RestaurantSnapshot } from '../domain/restaurant';
import { restaurantIdParam } from './restaurants.schemas';

@ApiTags('restaurants')
@Controller('restaurants')
export class RestaurantsController {
  constructor(@Inject(RestaurantQueries) private readonly queries: RestaurantQueries) {}

  @Get()
  @ApiOperation({ summary: 'Every restaurant with its menu (prices in minor units) and whether it takes orders' })
  list(): Promise<RestaurantSnapshot[]> {
    return this.queries.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One restaurant with its menu' })
  get(@Param('id', { schema: restaurantIdParam }) id: string): Promise<RestaurantSnapshot> {
    return this.queries.get(id);
  }
}
