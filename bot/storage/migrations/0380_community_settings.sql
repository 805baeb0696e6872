-- Per-community settings changed at runtime by its admins (/mca-admin on Discord, /mca admin on
-- Slack); the TOML values are the defaults. One row per (platform, community, key), the value
-- as JSON; who changed it and when are kept for the audit trail (also in the log).
CREATE TABLE community_settings (
    platform   TEXT NOT NULL,
    community  TEXT NOT NULL,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at REAL NOT NULL,
    PRIMARY KEY (platform, community, key)
);
