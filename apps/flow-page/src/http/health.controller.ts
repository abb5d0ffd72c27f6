import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { EventTail } from '../messaging/event-tail';

/** Live: the process answers. Ready: its consumer has joined, so an order placed now is seen from its first event. */
@Controller('health')
export class HealthController {
  constructor(@Inject(EventTail) private readonly tail: EventTail) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  ready() {
    if (!this.tail.ready) throw new ServiceUnavailableException({ status: 'error', tailing: false });
    return { status: 'ok', tailing: true };
  }
}
