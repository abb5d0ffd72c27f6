import { FailedPreconditionError, NotFoundError } from '@ftgo/contracts';
import { TicketState } from './ticket-state';

/** Why a ticket that waits for its order refuses the kitchen's verbs. */
const WAITING_FOR: Partial<Record<TicketState, string>> = {
  [TicketState.CREATE_PENDING]: 'its order is not approved yet',
  [TicketState.CANCEL_PENDING]: 'its order is deciding a cancel',
};

/** The verb is not allowed in the ticket's current state: HTTP 409 / gRPC FAILED_PRECONDITION, with the state. */
export class IllegalTicketTransitionError extends FailedPreconditionError {
  constructor(
    readonly action: string,
    readonly currentState: TicketState,
  ) {
    const waiting = WAITING_FOR[currentState];
    super(`cannot ${action} a ticket that is ${currentState}${waiting ? ` (${waiting})` : ''}`);
  }

  /** Extra fields of the HTTP error body (the platform's DomainErrorFilter). */
  get details() {
    return { currentState: this.currentState };
  }
}

/**
 * Someone else changed the ticket since it was read (a version mismatch). The caller reloads and
 * decides again. gRPC has ABORTED for this, but the shared mapping knows FAILED_PRECONDITION only.
 */
export class ConcurrentTicketChangeError extends FailedPreconditionError {
  constructor(
    readonly ticketId: string,
    readonly currentVersion: number | undefined,
  ) {
    super(`ticket ${ticketId} was changed concurrently (current version ${currentVersion ?? 'unknown'}); reload and retry`);
  }

  get details() {
    return { currentVersion: this.currentVersion };
  }
}

export class TicketNotFoundError extends NotFoundError {
}

/** The kitchen promised the order a revision; cooking now would break that promise. */
export class RevisionPendingError extends FailedPreconditionError {
  constructor(
    readonly revisionId: string,
    readonly currentState: TicketState,
  ) {
    super(`ticket is ${currentState} with revision ${revisionId} pending; wait until the order settles it`);
  }

  get details() {
    return { currentState: this.currentState, pendingRevisionId: this.revisionId };
  }
}
