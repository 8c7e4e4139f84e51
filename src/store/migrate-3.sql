-- schema version 3: what a live sync of a source keeps between runs.
-- checksum: "sha256" when the publisher puts URL.sha256 beside the file.
-- api_key: the NVD API key of this source (a secret: never listed).
-- last_new, last_changed: records added and changed by the last
-- success (last_count holds those read); total_count: read by every
-- success.  page_start, page_from, page_until: an NVD API run that has
-- not finished (next startIndex, start of its lastMod window or NULL
-- for a full download, and the time the run ends at); synced_until:
-- everything the API changed before this time is in the store.
ALTER TABLE source ADD COLUMN checksum TEXT;
ALTER TABLE source ADD COLUMN api_key TEXT;
ALTER TABLE source ADD COLUMN last_attempt TEXT;
ALTER TABLE source ADD COLUMN last_new INTEGER;
ALTER TABLE source ADD COLUMN last_changed INTEGER;
ALTER TABLE source ADD COLUMN total_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE source ADD COLUMN page_start INTEGER;
ALTER TABLE source ADD COLUMN page_from TEXT;
ALTER TABLE source ADD COLUMN page_until TEXT;
ALTER TABLE source ADD COLUMN synced_until TEXT;
