import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '@ftgo/platform';
import { z } from 'zod';
import { RestaurantQueries } from '../application/restaurant-queries';
import { restaurantView, type RestaurantView, restaurantViewSchema } from './restaurant.view';
import { restaurantIdParam } from './restaurants.schemas';

@ApiTags('restaurants')
@Controller('restaurants')
export class RestaurantsController {
  constructor(@Inject(RestaurantQueries) private readonly queries: RestaurantQueries) {}

  @Get()
  @ApiOperation({ summary: 'Every restaurant with its menu (prices in minor units) and whether it takes orders' })
  @ApiOkResponse({ description: 'The restaurants', standardSchema: z.array(restaurantViewSchema) })
  @ApiErrorResponses(503)
  async list(): Promise<RestaurantView[]> {
    return (await this.queries.list()).map(restaurantView);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One restaurant with its menu' })
  @ApiOkResponse({ description: 'The restaurant', standardSchema: restaurantViewSchema })
  @ApiErrorResponses(400, 404, 503)
  async get(@Param('id', { schema: restaurantIdParam }) id: string): Promise<RestaurantView> {
    return restaurantView(await this.queries.get(id));
  }
}
