-- The persons merges deleted, by the event that merged them (this project's table, not PostHog's). A merge deletes the
-- source person in Postgres and owes ClickHouse its delete row (version + 100) and the moved distinct ids; a replay after
-- a crash between the Postgres and ClickHouse writes finds both distinct ids on one person already, and only this table
-- says which person the event deleted. Rows older than the events topics' retention can no longer be replayed.
CREATE TABLE IF NOT EXISTS ingestion_person_merge (
    merge_event_uuid uuid NOT NULL,
    team_id bigint NOT NULL,
    target_person_id bigint NOT NULL,
    deleted_person_id bigint NOT NULL,
    deleted_person_uuid uuid NOT NULL,
    created_at timestamptz NOT NULL,
    properties jsonb NOT NULL,
    is_identified boolean NOT NULL,
    version bigint NOT NULL,
    merged_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (merge_event_uuid, deleted_person_uuid)
);
