/** The page's one kafkajs client, shared by its tail and its admin reads of committed offsets. */
export const KAFKA = Symbol('KAFKA');
