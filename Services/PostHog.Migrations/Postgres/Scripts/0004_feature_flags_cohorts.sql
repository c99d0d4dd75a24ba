-- Feature flags and cohorts, shaped like PostHog's Django models: Web writes them, Decide reads them.
CREATE TABLE IF NOT EXISTS posthog_user (
    id bigserial PRIMARY KEY,
    uuid uuid NOT NULL UNIQUE,
    email varchar(254) NOT NULL UNIQUE,
    first_name varchar(150) NOT NULL DEFAULT '',
    last_name varchar(150) NOT NULL DEFAULT '',
    distinct_id varchar(200) NULL UNIQUE,
    is_staff boolean NOT NULL DEFAULT false,
    current_organization_id uuid NULL REFERENCES posthog_organization (id) DEFERRABLE INITIALLY DEFERRED,
    current_team_id bigint NULL REFERENCES posthog_team (id) DEFERRABLE INITIALLY DEFERRED,
    date_joined timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS posthog_organizationmembership (
    id uuid PRIMARY KEY,
    organization_id uuid NOT NULL REFERENCES posthog_organization (id) DEFERRABLE INITIALLY DEFERRED,
    user_id bigint NOT NULL REFERENCES posthog_user (id) DEFERRABLE INITIALLY DEFERRED,
    level smallint NOT NULL DEFAULT 1,            -- 1 member, 8 admin, 15 owner
    joined_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT unique_organization_membership UNIQUE (organization_id, user_id)
);

-- Personal API keys (phx_…): only a hash is stored ("sha256$<hex>"), plus a mask to show in lists.
CREATE TABLE IF NOT EXISTS posthog_personalapikey (
    id varchar(50) PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES posthog_user (id) DEFERRABLE INITIALLY DEFERRED,
    label varchar(40) NOT NULL,
    secure_value varchar(300) NOT NULL UNIQUE,
    mask_value varchar(11) NULL,
    scopes varchar(100)[] NULL,
    scoped_teams integer[] NULL,
    scoped_organizations varchar(100)[] NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz NULL
);
CREATE INDEX IF NOT EXISTS posthog_personalapikey_user_id ON posthog_personalapikey (user_id);

CREATE TABLE IF NOT EXISTS posthog_featureflag (
    id serial PRIMARY KEY,
    team_id bigint NOT NULL REFERENCES posthog_team (id) DEFERRABLE INITIALLY DEFERRED,
    key varchar(400) NOT NULL,
    name text NOT NULL DEFAULT '',
    filters jsonb NOT NULL DEFAULT '{}',
    rollout_percentage integer NULL,
    created_by_id bigint NULL REFERENCES posthog_user (id) DEFERRABLE INITIALLY DEFERRED,
    last_modified_by_id bigint NULL REFERENCES posthog_user (id) DEFERRABLE INITIALLY DEFERRED,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted boolean NOT NULL DEFAULT false,
    active boolean NOT NULL DEFAULT true,
    ensure_experience_continuity boolean NOT NULL DEFAULT false,
    is_remote_configuration boolean NOT NULL DEFAULT false,
    has_encrypted_payloads boolean NOT NULL DEFAULT false,
    evaluation_runtime varchar(10) NOT NULL DEFAULT 'all',   -- all | server | client
    tags varchar(255)[] NOT NULL DEFAULT '{}',
    version integer NOT NULL DEFAULT 1,
    CONSTRAINT unique_team_feature_flag_key UNIQUE (team_id, key)
);

CREATE TABLE IF NOT EXISTS posthog_cohort (
    id serial PRIMARY KEY,
    team_id bigint NOT NULL REFERENCES posthog_team (id) DEFERRABLE INITIALLY DEFERRED,
    name varchar(400) NULL,
    description varchar(1000) NOT NULL DEFAULT '',
    filters jsonb NULL,                 -- {"properties": {"type": "OR", "values": [...]}}
    query jsonb NULL,
    groups jsonb NOT NULL DEFAULT '[]', -- legacy shape
    deleted boolean NOT NULL DEFAULT false,
    is_static boolean NOT NULL DEFAULT false,
    is_calculating boolean NOT NULL DEFAULT false,
    last_calculation timestamptz NULL,
    errors_calculating integer NOT NULL DEFAULT 0,
    count integer NULL,
    version integer NULL,
    pending_version integer NULL,
    created_by_id bigint NULL REFERENCES posthog_user (id) DEFERRABLE INITIALLY DEFERRED,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS posthog_cohort_team_id ON posthog_cohort (team_id);

-- Static cohort members (and calculated members of dynamic cohorts once the worker computes them).
CREATE TABLE IF NOT EXISTS posthog_cohortpeople (
    id bigserial PRIMARY KEY,
    cohort_id integer NOT NULL REFERENCES posthog_cohort (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    person_id bigint NOT NULL REFERENCES posthog_person (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    version integer NULL,
    CONSTRAINT unique_cohort_person UNIQUE (cohort_id, person_id)
);
CREATE INDEX IF NOT EXISTS posthog_cohortpeople_person_id ON posthog_cohortpeople (person_id);

-- Experience continuity: the hash key a person's flags keep using after identify (from $anon_distinct_id).
CREATE TABLE IF NOT EXISTS posthog_featureflaghashkeyoverride (
    id bigserial PRIMARY KEY,
    team_id bigint NOT NULL REFERENCES posthog_team (id) DEFERRABLE INITIALLY DEFERRED,
    person_id bigint NOT NULL REFERENCES posthog_person (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    feature_flag_key varchar(400) NOT NULL,
    hash_key varchar(400) NOT NULL,
    CONSTRAINT unique_hash_key_override UNIQUE (team_id, person_id, feature_flag_key)
);
