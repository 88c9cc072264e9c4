import { sql, type Kysely } from 'kysely';
import { isSqlite } from '../dialect';

/**
 * PostgreSQL only (ADR 0040, amends ADR 0036): an event gets its log id when its transaction
 * commits, not when it is appended. The event is inserted with a provisional negative id (a
 * sequence's); a deferred constraint trigger, run by COMMIT itself, takes the next id from the head
 * counter, renumbers the row and sends the transaction's one empty NOTIFY. So the head row is locked
 * only inside the server's commit (no client round trip while it is held), ids stay gap-free and
 * become visible in id order (the next committer waits on the head row until this one is visible),
 * and readers, who only ever see committed rows, never see a provisional id. The channel is
 * `frontline_events` (log/pg-bus.ts, EVENTS_CHANNEL); a shipped migration never changes, so it is
 * written here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (isSqlite(db)) return;
  await sql`CREATE SEQUENCE event_provisional_id AS bigint`.execute(db);
  await sql`ALTER TABLE events ALTER COLUMN id SET DEFAULT (- nextval('event_provisional_id'))`.execute(db);
  await sql`CREATE FUNCTION frontline_number_event() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE next_id bigint;
    BEGIN
      UPDATE event_head SET last_id = last_id + 1 WHERE id = 1 RETURNING last_id INTO next_id;
      IF NOT FOUND THEN
        -- The counter's row is missing (a restore without it): recreate it from the log.
        INSERT INTO event_head (id, last_id) SELECT 1, coalesce(max(id), 0) + 1 FROM events WHERE id > 0
          ON CONFLICT (id) DO UPDATE SET last_id = event_head.last_id + 1
          RETURNING last_id INTO next_id;
      END IF;
      UPDATE events SET id = next_id WHERE id = NEW.id;
      PERFORM pg_notify('frontline_events', '');
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE CONSTRAINT TRIGGER events_numbered_at_commit AFTER INSERT ON events
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.id < 0) EXECUTE FUNCTION frontline_number_event()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isSqlite(db)) return;
  await sql`DROP TRIGGER events_numbered_at_commit ON events`.execute(db);
  await sql`DROP FUNCTION frontline_number_event()`.execute(db);
  await sql`ALTER TABLE events ALTER COLUMN id DROP DEFAULT`.execute(db);
  await sql`DROP SEQUENCE event_provisional_id`.execute(db);
}
