-- schema version 5: systems name the cloud resources they run on, so
-- that security tools' findings about those resources link to them.
ALTER TABLE system ADD COLUMN resources TEXT;    -- a JSON array of ids

CREATE TABLE finding_system (
    finding INTEGER NOT NULL REFERENCES finding(id) ON DELETE CASCADE,
    system_id INTEGER NOT NULL REFERENCES system(id) ON DELETE CASCADE,
    PRIMARY KEY (finding, system_id)
) WITHOUT ROWID;
