import { Module } from '@nestjs/common';
import { RestaurantRepository } from './restaurant.repository';
import { TicketRepository } from './ticket.repository';

@Module({
  providers: [RestaurantRepository, TicketRepository],
  exports: [RestaurantRepository, TicketRepository],
})
export class KitchenPersistenceModule {}
