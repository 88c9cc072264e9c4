import { z } from 'zod';

/** Epoch milliseconds: every stored and transported time is one of these (portable across SQLite and PostgreSQL). */
export const epochMs = z.number().int().nonnegative();

/** Money in minor units (pence, cents) so sums are exact. */
export const minorUnits = z.number().int();

export const entityId = z.number().int().positive();

export const empty = z.object({}).strict();
