-- The event whose processing last changed the person (or created it). Ingestion writes a person's ClickHouse row only
-- when an event changes the person; a replay after a crash between the Postgres and ClickHouse writes finds nothing
-- to change, and recognises from this column that the row it owes ClickHouse may be missing.
ALTER TABLE posthog_person ADD COLUMN IF NOT EXISTS last_event_uuid uuid NULL;
