import { z } from 'zod';
import { cleanText } from '../../domain/clean-text';

/** Epoch milliseconds: every stored and transported time is one of these (portable across SQLite and PostgreSQL). */
export const epochMs = z.number().int().nonnegative();

/** Money in minor units (pence, cents) so sums are exact. */
export const minorUnits = z.number().int();

export const entityId = z.number().int().positive();

export const empty = z.object({}).strict();

/**
 * Text a person or a caller supplied (names, labels, reasons, tags): NUL, control and bidi
 * characters removed and whitespace folded before the length is checked (ADR 0022).
 */
export const cleanedText = (min: number, max: number) => z.string().max(max * 4).transform(cleanText).pipe(z.string().min(min).max(max));

/** A phone number in E.164 as the core stores it: `+`, a non-zero country digit, 2–15 digits in all. */
export const e164 = z.string().regex(/^\+[1-9][0-9]{1,14}$/, 'a number in E.164 form, e.g. +442079460958');
