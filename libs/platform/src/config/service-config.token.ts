/** Injection token under which a service's parsed, typed configuration is provided. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
