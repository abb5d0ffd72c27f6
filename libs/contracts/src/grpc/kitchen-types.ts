// The generated kitchen.v1 types under short names. `X` is what you send (fields optional),
// `X__Output` what you receive (defaults filled in) — we export the received shape as `X`.
export type { ProtoGrpcType as KitchenProto } from '../generated/kitchen';
export type {
  KitchenServiceClient,
  KitchenServiceDefinition,
  KitchenServiceHandlers,
} from '../generated/kitchen/v1/KitchenService';
export type { AcceptTicketRequest } from '../generated/kitchen/v1/AcceptTicketRequest';
export type { GetTicketByOrderRequest } from '../generated/kitchen/v1/GetTicketByOrderRequest';
export type { GetTicketRequest } from '../generated/kitchen/v1/GetTicketRequest';
export type { PricedLineItem__Output as KitchenPricedLineItem } from '../generated/kitchen/v1/PricedLineItem';
export type { Ticket__Output as Ticket } from '../generated/kitchen/v1/Ticket';
export type { TicketState__Output as TicketState } from '../generated/kitchen/v1/TicketState';
export type { TicketVerbRequest } from '../generated/kitchen/v1/TicketVerbRequest';
export type { ValidateOrderRequest } from '../generated/kitchen/v1/ValidateOrderRequest';
export type { ValidateOrderResponse__Output as ValidateOrderResponse } from '../generated/kitchen/v1/ValidateOrderResponse';
