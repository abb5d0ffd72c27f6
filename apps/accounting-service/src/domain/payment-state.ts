/** The states of accounting.v1's PaymentState enum, the same names in the database and the API. */
export const PaymentState = {
  AUTHORIZED: 'AUTHORIZED',
  DECLINED: 'DECLINED',
  VOIDED: 'VOIDED',
  REVERSED: 'REVERSED',
} as const;

export type PaymentState = (typeof PaymentState)[keyof typeof PaymentState];
