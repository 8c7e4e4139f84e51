-- vigil schema, version 1.  Applied by src/store/sqlite.c; each later
-- version adds a migration step there instead of editing this file.
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE advisory (
    id INTEGER PRIMARY KEY,
    primary_id TEXT NOT NULL UNIQUE,
    title TEXT,
    description TEXT,
    published TEXT,
    modified TEXT,
    withdrawn INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT NOT NULL,
    updated TEXT NOT NULL
);

CREATE TABLE alias (
    alias TEXT PRIMARY KEY,
    advisory_id INTEGER NOT NULL REFERENCES advisory(id)
) WITHOUT ROWID;
CREATE INDEX alias_advisory ON alias(advisory_id);

CREATE TABLE source_record (
    id INTEGER PRIMARY KEY,
    advisory_id INTEGER NOT NULL REFERENCES advisory(id),
    format TEXT NOT NULL,
    source TEXT,
    record_id TEXT NOT NULL,
    origin TEXT,
    title TEXT,
    description TEXT,
    published TEXT,
    modified TEXT,
    withdrawn INTEGER NOT NULL DEFAULT 0,
    aliases TEXT,
    remediations TEXT,
    raw BLOB,
    raw_hash TEXT NOT NULL,
    imported TEXT NOT NULL,
    UNIQUE (format, record_id)
);
CREATE INDEX source_record_advisory ON source_record(advisory_id);

CREATE TABLE score (
    id INTEGER PRIMARY KEY,
    advisory_id INTEGER NOT NULL,
    record INTEGER NOT NULL REFERENCES source_record(id) ON DELETE CASCADE,
    source TEXT,
    type TEXT,
    version TEXT,
    vector TEXT,
    published REAL,
    computed REAL,
    severity TEXT,
    mismatch INTEGER NOT NULL DEFAULT 0,
    error TEXT
);
CREATE INDEX score_advisory ON score(advisory_id);
CREATE INDEX score_record ON score(record);

CREATE TABLE cwe (
    advisory_id INTEGER NOT NULL,
    record INTEGER NOT NULL REFERENCES source_record(id) ON DELETE CASCADE,
    cwe TEXT NOT NULL
);
CREATE INDEX cwe_advisory ON cwe(advisory_id);
CREATE INDEX cwe_record ON cwe(record);

CREATE TABLE reference (
    advisory_id INTEGER NOT NULL,
    record INTEGER NOT NULL REFERENCES source_record(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    type TEXT
);
CREATE INDEX reference_advisory ON reference(advisory_id);
CREATE INDEX reference_record ON reference(record);

CREATE TABLE kev (
    cve TEXT PRIMARY KEY,
    advisory_id INTEGER NOT NULL,
    record INTEGER REFERENCES source_record(id) ON DELETE SET NULL,
    vendor TEXT,
    product TEXT,
    name TEXT,
    date_added TEXT,
    due_date TEXT,
    required_action TEXT,
    notes TEXT,
    ransomware INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX kev_advisory ON kev(advisory_id);

CREATE TABLE affected (
    id INTEGER PRIMARY KEY,
    advisory_id INTEGER NOT NULL,
    record INTEGER NOT NULL REFERENCES source_record(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    ecosystem TEXT,
    name_key TEXT,
    cpe_vendor TEXT,
    cpe_product TEXT,
    data TEXT NOT NULL
);
CREATE INDEX affected_key ON affected(name_key);
CREATE INDEX affected_cpe ON affected(cpe_vendor, cpe_product);
CREATE INDEX affected_advisory ON affected(advisory_id);
CREATE INDEX affected_record ON affected(record);

CREATE TABLE epss (
    cve TEXT NOT NULL,
    date TEXT NOT NULL,
    score REAL NOT NULL,
    percentile REAL NOT NULL,
    model TEXT,
    PRIMARY KEY (cve, date)
) WITHOUT ROWID;

CREATE TABLE system (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    owner TEXT,
    env TEXT,
    criticality TEXT NOT NULL DEFAULT 'medium',
    distro TEXT,
    tags TEXT,
    created TEXT NOT NULL
);

CREATE TABLE component (
    id INTEGER PRIMARY KEY,
    system_id INTEGER NOT NULL REFERENCES system(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    name TEXT NOT NULL,
    version TEXT,
    purl TEXT,
    ecosystem TEXT,
    name_key TEXT,
    src_key TEXT,
    source_name TEXT,
    source_version TEXT,
    cpe TEXT,
    arch TEXT,
    distro TEXT,
    type TEXT
);
CREATE INDEX component_system ON component(system_id, label);

CREATE TABLE match (
    id INTEGER PRIMARY KEY,
    advisory_id INTEGER NOT NULL,
    system_id INTEGER NOT NULL,
    component TEXT NOT NULL,
    version TEXT,
    affected_id INTEGER,
    source_id TEXT,
    scheme TEXT,
    detail TEXT,
    fixed TEXT,
    confidence TEXT,
    verdict TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,   -- 1 seen, 2 run pending, 0 gone
    was INTEGER NOT NULL DEFAULT 0,
    UNIQUE (advisory_id, system_id, component, version, verdict)
);
CREATE INDEX match_system ON match(system_id);

CREATE TABLE sec_update (
    id INTEGER PRIMARY KEY,
    advisory_id INTEGER NOT NULL,
    merged_into INTEGER,
    title TEXT,
    description TEXT,
    systems TEXT,
    sources TEXT,
    identified TEXT NOT NULL,
    priority TEXT NOT NULL,
    priority_reason TEXT,
    due TEXT,
    status TEXT NOT NULL DEFAULT 'new',
    assignee TEXT,
    remediation TEXT,
    completed TEXT,
    verification TEXT,
    notes TEXT,
    risk_until TEXT,
    risk_reason TEXT,
    risk_by TEXT,
    breach_since TEXT,
    evidence TEXT,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE INDEX sec_update_status ON sec_update(status);
CREATE UNIQUE INDEX sec_update_advisory ON sec_update(advisory_id)
    WHERE merged_into IS NULL;

CREATE TABLE history (
    id INTEGER PRIMARY KEY,
    update_id INTEGER NOT NULL,
    time TEXT NOT NULL,
    actor TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT,
    new_value TEXT,
    reason TEXT
);
CREATE INDEX history_update ON history(update_id);

CREATE TRIGGER history_append_only_u BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_append_only_d BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;

CREATE TABLE event (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    time TEXT NOT NULL,
    source TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX event_type ON event(type, time);
