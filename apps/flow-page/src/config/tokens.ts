/** Injection tokens of the flow page's module. */
export const FLOW_PAGE_CONFIG = Symbol('FLOW_PAGE_CONFIG');
export const KAFKA = Symbol('KAFKA');
