import { z } from 'zod';

/** Outside this a promise is a typo or a probe, not a time a kitchen can mean. */
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59);

/**
 * When the kitchen promises the food: an RFC 3339 date-time with its offset (`2030-01-01T12:30:00Z`),
 * a real calendar day, between the years 2000 and 9999. One parser for the REST body and the gRPC
 * request, so both accept and refuse exactly the same text; its output is the Date the domain takes.
 */
export const readyBySchema = z
  .iso.datetime({ offset: true, error: 'must be an RFC 3339 date-time with an offset, e.g. 2030-01-01T12:30:00Z' })
  .transform((text) => new Date(text))
  .refine((date) => date.getTime() >= EARLIEST && date.getTime() <= LATEST, 'must be between the years 2000 and 9999');
