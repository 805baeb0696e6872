-- Per-community settings changed at runtime by its admins; the TOML values are the defaults.
CREATE TABLE community_settings (
    platform   TEXT NOT NULL,
    community  TEXT NOT NULL,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (platform, community, key)
);
