/*
 * fuzz_pattern.c - compiles arbitrary bytes as an alert rule pattern
 * and, when they compile, tests the pattern against a few fixed vigil
 * events through both match entry points.  Aborts when the two entry
 * points disagree or a valid event is refused, so that the fuzzer
 * reports it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "vigil/pattern.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const events[] = {
    "{\"id\": 12, \"type\": \"update.created\", "
    "\"time\": \"2026-12-03T16:51:44Z\", \"source\": \"vigil.track\", "
    "\"detail\": {\"update\": \"VU-12\", \"advisory\": \"CVE-2021-44228\", "
    "\"priority\": \"P1\", \"kev\": true, \"systems\": \"web-01, db-01\"}}",
    "{\"id\": 13, \"type\": \"finding.imported\", "
    "\"time\": \"2026-12-03T17:00:00Z\", \"source\": \"vigil.import\", "
    "\"detail\": {\"tool\": \"trivy\", \"severity\": 6.5, "
    "\"cves\": [\"CVE-2023-4863\", \"CVE-2023-5129\"], "
    "\"resource\": {\"ip\": \"10.0.0.7\", \"host\": \"web-01\"}, "
    "\"owner\": null}}",
    "{\"id\": 14, \"type\": \"source.failed\", "
    "\"time\": \"2026-12-04T02:00:00Z\", \"source\": \"vigil.sync\", "
    "\"detail\": {\"source\": \"nvd\", \"error\": \"HTTP 503\", "
    "\"attempts\": [1, 2, [3]], \"peers\": [{\"ip\": \"2001:db8::1\"}, "
    "{\"ip\": \"192.0.2.1\"}], \"next\": {}}}",
};

static void try_event(const struct vigil_pattern *p, const char *ev)
{
    struct vigil_error err;
    cJSON *doc = cJSON_Parse(ev);
    int a = -1, b = -1;

    if (!doc)
        abort();
    if (vigil_pattern_match(p, ev, strlen(ev), &a, &err) != 0 ||
        vigil_pattern_match_json(p, doc, &b, &err) != 0 || a != b ||
        (a != 0 && a != 1))
        abort();
    cJSON_Delete(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vigil_pattern *p = NULL;
    struct vigil_error err;
    size_t i;

    if (vigil_pattern_compile((const char *)data, size, &p, &err) != 0) {
        if (p || !err.msg[0])
            abort();
        return 0;
    }
    for (i = 0; i < VIGIL_ARRAY_SIZE(events); i++)
        try_event(p, events[i]);
    vigil_pattern_free(p);
    return 0;
}
