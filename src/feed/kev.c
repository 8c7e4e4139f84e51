/*
 * kev.c - the CISA Known Exploited Vulnerabilities catalog: one advisory
 * per entry of "vulnerabilities", carrying the KEV fields.
 */
#include <string.h>

#include <cJSON.h>

#include "feed_int.h"
#include "../internal.h"

static int is_blank(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The first http(s) URL in s[0..n), or NULL. */
static const char *find_url(const char *s, size_t n, size_t *len)
{
    size_t i, end;

    for (i = 0; i + 7 < n; i++) {
        if (!vigil__strncaseeq(s + i, "http://", 7) &&
            (i + 8 >= n || !vigil__strncaseeq(s + i, "https://", 8)))
            continue;
        end = i;
        while (end < n && !is_blank((unsigned char)s[end]))
            end++;
        *len = end - i;
        return s + i;
    }
    return NULL;
}

/*
 * "notes" holds ';'-separated entries, each a URL or text ending in one
 * ("For more information, please see: https://..."), or "N/A".
 */
static int add_note_refs(struct feed_rec *r, const char *notes)
{
    const char *p = notes, *url;
    size_t n, len;
    char *copy;
    int rc;

    while (p && *p) {
        n = strcspn(p, ";");
        url = find_url(p, n, &len);
        if (url) {
            copy = vigil_arena_strndup(r->arena, url, len);
            if (!copy)
                return VIGIL_ENOMEM;
            if ((rc = vigil__feed_add_ref(r, copy, NULL)))
                return rc;
        }
        p += n;
        if (*p == ';')
            p++;
    }
    return 0;
}

static int kev_affected(struct feed_rec *r)
{
    struct vigil_affected *a;

    if (!r->kev.vendor && !r->kev.product)
        return 0;
    a = vigil__feed_add_affected(r);
    if (!a)
        return VIGIL_ENOMEM;
    a->kind = VIGIL_AFF_PRODUCT;
    a->vendor = r->kev.vendor;
    a->product = r->kev.product;
    a->vulnerable = 1;
    return 0;
}

static int kev_fill(struct feed_rec *r, const cJSON *v)
{
    struct vigil_kev *k = &r->kev;
    const char *use;
    const cJSON *e;
    int rc;

    r->adv.source = "cisa-kev";
    r->adv.id = vigil__json_str(v, "cveID");
    if (!r->adv.id)
        return vigil__feed_fail(r, "'cveID' is missing");
    k->vendor = vigil__json_str(v, "vendorProject");
    k->product = vigil__json_str(v, "product");
    k->name = vigil__json_str(v, "vulnerabilityName");
    k->date_added = vigil__json_str(v, "dateAdded");
    k->due_date = vigil__json_str(v, "dueDate");
    k->required_action = vigil__json_str(v, "requiredAction");
    k->notes = vigil__json_str(v, "notes");
    use = vigil__json_str(v, "knownRansomwareCampaignUse");
    k->ransomware = use && vigil__strcasecmp(use, "Known") == 0;
    r->has_kev = 1;

    r->adv.title = k->name;
    r->adv.description = vigil__json_str(v, "shortDescription");
    r->adv.published = vigil__feed_time(r, k->date_added);
    cJSON_ArrayForEach(e, vigil__json_arr(v, "cwes"))
        if (cJSON_IsString(e) && (rc = vigil__feed_add_cwe(r, e->valuestring)))
            return rc;
    if ((rc = add_note_refs(r, k->notes)))
        return rc;
    return kev_affected(r);
}

int vigil__feed_kev(struct feed_doc *d, const cJSON *root,
                    struct vigil_error *err)
{
    const cJSON *vulns = vigil__json_arr(root, "vulnerabilities");

    if (!vulns)
        return vigil_error_set(err, VIGIL_EPARSE, 0,
                               "KEV catalog has no 'vulnerabilities' array");
    return vigil__feed_each(d, vulns, "kev", kev_fill);
}
