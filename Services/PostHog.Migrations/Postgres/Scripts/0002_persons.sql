-- Persons and their distinct ids: Postgres is the source of truth, ClickHouse holds a versioned copy.
CREATE TABLE IF NOT EXISTS posthog_person (
    id bigserial PRIMARY KEY,
    uuid uuid NOT NULL,
    team_id bigint NOT NULL REFERENCES posthog_team (id) DEFERRABLE INITIALLY DEFERRED,
    created_at timestamptz NOT NULL,
    properties jsonb NOT NULL DEFAULT '{}',
    properties_last_updated_at jsonb NOT NULL DEFAULT '{}',
    properties_last_operation jsonb NULL,
    is_user_id integer NULL,
    is_identified boolean NOT NULL DEFAULT false,
    version bigint NOT NULL DEFAULT 0,
    CONSTRAINT posthog_person_team_uuid UNIQUE (team_id, uuid)
);

CREATE TABLE IF NOT EXISTS posthog_persondistinctid (
    id bigserial PRIMARY KEY,
    team_id bigint NOT NULL REFERENCES posthog_team (id) DEFERRABLE INITIALLY DEFERRED,
    person_id bigint NOT NULL REFERENCES posthog_person (id) DEFERRABLE INITIALLY DEFERRED,
    distinct_id varchar(400) NOT NULL,
    version bigint NOT NULL DEFAULT 0,
    CONSTRAINT unique_distinct_id_for_team UNIQUE (team_id, distinct_id)
);
CREATE INDEX IF NOT EXISTS posthog_persondistinctid_person_id ON posthog_persondistinctid (person_id);

CREATE TABLE IF NOT EXISTS posthog_personlessdistinctid (
    id bigserial PRIMARY KEY,
    team_id bigint NOT NULL REFERENCES posthog_team (id) DEFERRABLE INITIALLY DEFERRED,
    distinct_id varchar(400) NOT NULL,
    is_merged boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT unique_personless_distinct_id_for_team UNIQUE (team_id, distinct_id)
);
