import type { ErrorCode } from './errors';

/** The error half of every contract answer: a stable code a program can branch on, and a sentence a person can read. */
export interface ContractError {
  code: ErrorCode;
  message: string;
  /** Field-level problems for INVALID_INPUT, or other machine-readable context. */
  details?: unknown;
}

/** Every contract call resolves to this envelope; it never rejects and never throws across a host boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function err(code: ErrorCode, message: string, details?: unknown): Result<never> {
  return details === undefined
    ? { ok: false, error: { code, message } }
    : { ok: false, error: { code, message, details } };
}
