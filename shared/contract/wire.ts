import { z } from 'zod';
import type { Result } from './result';

/**
 * Frames on a message transport (WebSocket). IPC uses the same request shape per invoke.
 * Requests carry a client-chosen id that the response echoes.
 */
export const requestFrame = z.object({
  id: z.union([z.string().max(64), z.number().int()]),
  method: z.string().max(128),
  params: z.unknown().optional(),
});
export type RequestFrame = z.infer<typeof requestFrame>;

export interface ResponseFrame {
  /** null when the request was too broken to read its id. */
  id: string | number | null;
  result: Result<unknown>;
}

export interface EventFrame {
  event: string;
  /** Per-connection sequence number, starting at 1, so a client can detect a gap. */
  seq: number;
  payload: unknown;
}

export type ServerFrame = ResponseFrame | EventFrame;

export function isEventFrame(frame: ServerFrame): frame is EventFrame {
  return 'event' in frame;
}
