/*
 * kev_csv.c - the CISA KEV catalog as CSV.  CISA publishes the same
 * rows as JSON and CSV; the CSV rows become the JSON catalog's tree and
 * go through the KEV parser, so both read alike.
 */
#include <string.h>

#include <cJSON.h>

#include "feed_int.h"
#include "../internal.h"

#define KEV_CSV_HEADER "cveID,vendorProject,product,vulnerabilityName,"

int vigil__feed_is_kev_csv(const char *buf, size_t len)
{
    size_t n = strlen(KEV_CSV_HEADER);

    return len >= n && memcmp(buf, KEV_CSV_HEADER, n) == 0;
}

/*
 * Reads one RFC 4180 field at *p into out; quotes may hold commas,
 * line breaks and doubled quotes.  Returns the byte after the field's
 * end (a comma, a line end or the end), or NULL for an unclosed quote.
 */
static const char *csv_field(const char *p, const char *end,
                             struct vigil_buf *out)
{
    vigil_buf_reset(out);
    if (p < end && *p == '"') {
        for (p++; p < end; p++) {
            if (*p == '"' && p + 1 < end && p[1] == '"')
                vigil_buf_addc(out, *p++);
            else if (*p == '"')
                return p + 1;
            else
                vigil_buf_addc(out, *p);
        }
        return NULL;
    }
    while (p < end && *p != ',' && *p != '\n' && *p != '\r')
        vigil_buf_addc(out, *p++);
    if (!out->ptr)
        vigil_buf_adds(out, "");
    return p;
}

/* "CWE-20, CWE-400" -> ["CWE-20", "CWE-400"] */
static cJSON *cwe_array(const char *text)
{
    cJSON *arr = cJSON_CreateArray();
    char one[32];
    size_t n;

    while (arr && *text) {
        text += strspn(text, ", ");
        n = strcspn(text, ", ");
        if (n && n < sizeof(one)) {
            memcpy(one, text, n);
            one[n] = '\0';
            cJSON_AddItemToArray(arr, cJSON_CreateString(one));
        }
        text += n;
    }
    return arr;
}

static const char *const columns[] = {
    "cveID", "vendorProject", "product", "vulnerabilityName", "dateAdded",
    "shortDescription", "requiredAction", "dueDate",
    "knownRansomwareCampaignUse", "notes", "cwes",
};

/* One row into an object like the JSON catalog's; NULL at a bad row. */
static const char *csv_row(const char *p, const char *end, cJSON *row,
                           struct vigil_buf *f)
{
    size_t i;

    for (i = 0; i < VIGIL_ARRAY_SIZE(columns); i++) {
        if (!(p = csv_field(p, end, f)))
            return NULL;
        if (i + 1 < VIGIL_ARRAY_SIZE(columns) && (p >= end || *p != ','))
            return NULL;
        if (strcmp(columns[i], "cwes") == 0)
            cJSON_AddItemToObject(row, columns[i], cwe_array(f->ptr));
        else
            cJSON_AddStringToObject(row, columns[i], f->ptr);
        if (p < end && *p == ',')
            p++;
    }
    while (p < end && (*p == '\r' || *p == '\n'))
        p++;
    return p;
}

int vigil__feed_kev_csv(struct feed_doc *d, struct vigil_error *err)
{
    const char *p = d->buf, *end = d->buf + d->len, *line;
    cJSON *root = cJSON_CreateObject(), *vulns = cJSON_CreateArray();
    struct vigil_buf f = VIGIL_BUF_INIT;
    int rc = 0, row_no = 1;

    if (!root || !vulns) {
        cJSON_Delete(root);
        cJSON_Delete(vulns);
        return vigil_error_set(err, VIGIL_ENOMEM, 0, "out of memory");
    }
    cJSON_AddItemToObject(root, "vulnerabilities", vulns);
    p += strcspn(p, "\n");                      /* the header */
    while (p < end && (*p == '\n' || *p == '\r'))
        p++;
    while (p < end && !rc) {
        cJSON *row = cJSON_CreateObject();

        line = p;
        row_no++;
        if (!row || !(p = csv_row(p, end, row, &f))) {
            cJSON_Delete(row);
            rc = vigil_error_set(err, VIGIL_EPARSE, (size_t)(line - d->buf),
                                 "KEV CSV row %d at byte %zu: bad field "
                                 "or column count", row_no,
                                 (size_t)(line - d->buf));
            break;
        }
        cJSON_AddItemToArray(vulns, row);
    }
    vigil_buf_release(&f);
    if (!rc) {
        vigil_arena_init(&d->arena);
        rc = vigil__feed_kev(d, root, err);
        vigil_arena_release(&d->arena);
    }
    cJSON_Delete(root);
    return rc;
}
