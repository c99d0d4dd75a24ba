-- Organizations, projects and teams (environments), shaped like PostHog's Django models.
CREATE TABLE IF NOT EXISTS posthog_organization (
    id uuid PRIMARY KEY,
    name varchar(64) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS posthog_project (
    id bigint PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES posthog_organization (id),
    name varchar(200) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS posthog_team (
    id bigserial PRIMARY KEY,
    uuid uuid NOT NULL UNIQUE,
    organization_id uuid NOT NULL REFERENCES posthog_organization (id),
    project_id bigint NOT NULL REFERENCES posthog_project (id),
    api_token varchar(200) NOT NULL UNIQUE,
    secret_api_token varchar(200) NULL UNIQUE,
    name varchar(200) NOT NULL,
    timezone varchar(240) NOT NULL DEFAULT 'UTC',
    week_start_day smallint NULL,
    anonymize_ips boolean NOT NULL DEFAULT false,
    person_processing_opt_out boolean NULL,
    app_urls varchar(200)[] NOT NULL DEFAULT '{}',
    ingested_event boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
