import { id, money } from '@ftgo/contracts';
import { z } from 'zod';
import type { AccountSnapshot } from '../domain/account';

/** What clients see of an account: whether it is enabled, and the most one order may authorize. */
export const accountViewSchema = z.object({ consumerId: id, enabled: z.boolean(), authorizationLimit: money });

export type AccountView = z.output<typeof accountViewSchema>;

/** The snapshot as it is sent: the compiler holds the documented schema to the snapshot's type. */
export const accountView = (account: AccountSnapshot): AccountView => account;
