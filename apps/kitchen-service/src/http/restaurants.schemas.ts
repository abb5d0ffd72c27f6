import { z } from 'zod';

export const restaurantIdParam = z.uuid({ error: 'must be a UUID' });
