import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RestaurantCatalog } from '../application/restaurant-catalog.service';
import type { RestaurantSnapshot } from '../domain/restaurant';
import { uuidParam } from './ticket-requests.schema';
import { validated } from './validated';

@ApiTags('restaurants')
@Controller('restaurants')
export class RestaurantsController {
  constructor(private readonly catalog: RestaurantCatalog) {}

  @Get()
  @ApiOperation({ summary: 'Every restaurant with its menu (prices in minor units) and whether it takes orders' })
  list(): Promise<RestaurantSnapshot[]> {
    return this.catalog.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One restaurant with its menu' })
  get(@Param('id', validated(uuidParam)) id: string): Promise<RestaurantSnapshot> {
    return this.catalog.get(id);
  }
}
