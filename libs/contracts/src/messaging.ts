/**
 * The messaging contract alone (header names, topics), without the event schemas and gRPC
 * types of the package root: for processes that only move messages, such as the outbox relay.
 */
export { type MessageHeaderName, MessageHeaders } from './messaging/message-headers';
export { AggregateTypes, type TopicName, Topics } from './messaging/topics';
