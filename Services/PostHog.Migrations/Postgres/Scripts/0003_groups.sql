-- Group analytics: up to five group types per project, and the groups themselves with their properties.
CREATE TABLE IF NOT EXISTS posthog_grouptypemapping (
    id bigserial PRIMARY KEY,
    team_id bigint NOT NULL REFERENCES posthog_team (id) DEFERRABLE INITIALLY DEFERRED,
    project_id bigint NOT NULL REFERENCES posthog_project (id) DEFERRABLE INITIALLY DEFERRED,
    group_type varchar(400) NOT NULL,
    group_type_index integer NOT NULL CHECK (group_type_index >= 0 AND group_type_index <= 4),
    name_singular varchar(400) NULL,
    name_plural varchar(400) NULL,
    CONSTRAINT unique_group_types UNIQUE (team_id, group_type),
    CONSTRAINT unique_event_column_indexes UNIQUE (team_id, group_type_index)
);

CREATE TABLE IF NOT EXISTS posthog_group (
    id bigserial PRIMARY KEY,
    team_id bigint NOT NULL REFERENCES posthog_team (id) DEFERRABLE INITIALLY DEFERRED,
    group_key varchar(400) NOT NULL,
    group_type_index integer NOT NULL,
    group_properties jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL,
    properties_last_updated_at jsonb NOT NULL DEFAULT '{}',
    properties_last_operation jsonb NOT NULL DEFAULT '{}',
    version bigint NOT NULL DEFAULT 0,
    CONSTRAINT unique_team_group_type_index_group_key UNIQUE (team_id, group_type_index, group_key)
);
