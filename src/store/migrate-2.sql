-- schema version 2: source subscriptions (feeds vigil reads on a
-- schedule), with the validators that make a sync incremental.
CREATE TABLE source (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    location TEXT NOT NULL,
    format TEXT,
    every_seconds INTEGER,
    enabled INTEGER NOT NULL DEFAULT 1,
    etag TEXT,
    last_modified TEXT,
    last_success TEXT,
    last_error TEXT,
    last_count INTEGER,
    created TEXT NOT NULL
);

-- findings: observations by security tools (ASFF, SARIF), linked to
-- advisories by the CVE ids they name.
CREATE TABLE finding (
    id INTEGER PRIMARY KEY,
    format TEXT NOT NULL,
    finding_id TEXT NOT NULL,
    tool TEXT,
    product_arn TEXT,
    title TEXT,
    description TEXT,
    rule_id TEXT,
    severity REAL,
    severity_label TEXT,
    status TEXT,
    record_state TEXT,
    location TEXT,
    resources TEXT,
    created TEXT,
    updated TEXT,
    origin TEXT,
    raw BLOB,
    raw_hash TEXT NOT NULL,
    imported TEXT NOT NULL,
    UNIQUE (format, finding_id)
);

CREATE TABLE finding_cve (
    finding INTEGER NOT NULL REFERENCES finding(id) ON DELETE CASCADE,
    cve TEXT NOT NULL,
    PRIMARY KEY (finding, cve)
) WITHOUT ROWID;
CREATE INDEX finding_cve_cve ON finding_cve(cve);
