import { Controller, Inject, type MessageEvent, Sse } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { EventTail } from '../messaging/event-tail';

/** Server-sent events: the buffered events first, then each new one as the page's consumer reads it. */
@Controller('api/events')
export class EventsController {
  constructor(@Inject(EventTail) private readonly tail: EventTail) {}

  @Sse()
  stream(): Observable<MessageEvent> {
    return this.tail.events.pipe(map((event) => ({ id: event.id, type: 'flow-event', data: event })));
  }
}
