/** Error codes every host and client understands. Add, never rename: clients branch on these strings. */
export const ERROR_CODES = [
  'UNKNOWN_METHOD',
  'INVALID_INPUT',
  'BAD_FRAME',
  'NOT_FOUND',
  'CONFLICT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'TRANSPORT_CLOSED',
  'TIMEOUT',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Thrown inside core handlers to answer with a specific code; the dispatcher turns it into an error envelope. */
export class ContractFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ContractFailure';
  }
}
