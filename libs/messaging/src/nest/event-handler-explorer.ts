import { Inject, Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { EVENT_HANDLER_METADATA, type EventHandlerMetadata } from '../handlers/event-handler.decorator';
import type { EventSchemas } from '../handlers/handler-registry';
import type { HandlerContext, MessageHandler } from '../handlers/message-handler';

/**
 * Finds every method marked with @EventHandler on the application's providers, the way
 * @nestjs/schedule finds @Cron methods, and turns each into a MessageHandler for the consumer.
 */
@Injectable()
export class EventHandlerExplorer {
  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
  ) {}

  handlers(catalog: EventSchemas): MessageHandler[] {
    return this.discovery.getProviders().flatMap(({ instance }) => {
      if (!instance || typeof instance !== 'object') return [];
      const prototype = Object.getPrototypeOf(instance) as object;
      return this.scanner.getAllMethodNames(prototype).flatMap((method) => {
        const handle = (instance as Record<string, (payload: unknown, context: HandlerContext) => Promise<void>>)[method];
        const declared: EventHandlerMetadata | undefined = Reflect.getMetadata(EVENT_HANDLER_METADATA, handle);
        if (!declared) return [];
        const schema = declared.schema ?? catalog[declared.topic]?.[declared.eventType];
        if (!schema) {
          throw new Error(`${instance.constructor.name}.${method} handles ${declared.eventType} on ${declared.topic}, which the event catalog does not know`);
        }
        return [{ topic: declared.topic, eventType: declared.eventType, schema, handle: handle.bind(instance) }];
      });
    });
  }
}
