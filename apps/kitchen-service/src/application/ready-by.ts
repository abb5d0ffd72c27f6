import { z } from 'zod';

/** A year before 2000 is a typo or a probe, not a time a kitchen can mean (years above 9999 have no RFC 3339 form). */
const YEAR_2000_TO_9999 = /^[2-9]\d{3}-/;

/**
 * When the kitchen promises the food: an RFC 3339 date-time with its offset (`2030-01-01T12:30:00Z`),
 * a real calendar day, in the years 2000 to 9999 as written. Both rules are patterns, so the
OpenAPI document states exactly what is accepted. One parser for the REST body and the gRPC
 * request, so both accept and refuse exactly the same text; its output is the Date the domain takes.
 */
export const readyBySchema = z
  .iso.datetime({ offset: true, error: 'must be an RFC 3339 date-time with an offset, e.g. 2030-01-01T12:30:00Z' })
  .regex(YEAR_2000_TO_9999, 'must be between the years 2000 and 9999')
  .transform((text) => new Date(text));
