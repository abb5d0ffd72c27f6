export { type MessageHeaderName, MessageHeaders } from './messaging/message-headers';
