/**
 * One topic per aggregate type; the Kafka key is the aggregate id, so every event of one order
 * (or ticket, or payment) lands on one partition, in order.
 */
export const Topics = {
  order: 'order.events',
  ticket: 'kitchen.ticket.events',
  payment: 'accounting.payment.events',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/** The `aggregate-type` header of each topic's events. */
export const AggregateTypes = {
  [Topics.order]: 'Order',
  [Topics.ticket]: 'Ticket',
  [Topics.payment]: 'Payment',
} as const satisfies Record<TopicName, string>;
