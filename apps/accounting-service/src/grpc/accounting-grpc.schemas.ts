import { z } from 'zod';

/** accounting.v1's requests as they arrive (proto3 fills absent fields with ''), with the checks the transport cannot make. */
const uuid = z.uuid({ error: (issue) => `must be a UUID, got ${JSON.stringify(issue.input).slice(0, 60)}` });

export const getPaymentRequest = z.object({ paymentId: uuid });

export const getPaymentByOrderRequest = z.object({ orderId: uuid });

export const getAccountRequest = z.object({ consumerId: uuid });
