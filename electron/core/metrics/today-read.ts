import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { AgentStateChange, CallLeg, TimeRange } from '../../../shared/domain/metrics/types';
import type { Database } from '../db/schema';
import { createMetricsRepository, type MetricsRepository } from './metrics-repository';

/** Today as loaded into its thread: the legs and presence, and the log position they reflect. */
export interface TodayRead {
  legs: CallLeg[];
  states: AgentStateChange[];
  /** The log's head in the same snapshot: events up to it are in the legs and states already. */
  head: number;
}

/**
 * Today's legs (with their callers' contacts in the FCR window) and presence, read in one
 * transaction with the log's head, so whoever follows the log knows exactly which events the day
 * already holds. PostgreSQL's default READ COMMITTED would take one snapshot per statement.
 */
export async function readToday(
  db: Kysely<Database>,
  range: TimeRange,
  fcrWindowMs: number,
  repositoryOn: (db: Kysely<Database>) => MetricsRepository = createMetricsRepository,
): Promise<TodayRead> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const row = await tx.selectFrom('events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
      const read = repositoryOn(tx);
      return { legs: await read.legsFor(range, fcrWindowMs), states: await read.statesFor(range), head: Number(row?.id ?? 0) };
    });
}

/**
 * A connection of its own to a SQLite file, for the thread that keeps today (ADR 0066): the day is
 * tens of thousands of legs read in a few statements that each run to the end synchronously
 * (better-sqlite3), seconds on a cold page cache; on the main thread that held up every request.
 */
export function openTodayReader(file: string): { read(range: TimeRange, fcrWindowMs: number): Promise<TodayRead>; close(): void } {
  const raw = new SqliteDatabase(file, { fileMustExist: true });
  raw.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  return {
    read: (range, fcrWindowMs) => readToday(db, range, fcrWindowMs),
    close: () => raw.close(),
  };
}
