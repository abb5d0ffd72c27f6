/**
 * Someone else saved the payment between our read and our write. Not a PermanentError: the
 * message that caused the write is retried and then sees the new version.
 */
export class ConcurrentPaymentChangeError extends Error {
  override readonly name = 'ConcurrentPaymentChangeError';

  constructor(paymentId: string, version: number) {
    super(`payment ${paymentId} changed since it was read at version ${version}`);
  }
}
