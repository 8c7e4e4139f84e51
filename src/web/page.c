/*
 * page.c - the frame every dashboard page shares: head, header
 * with navigation and logout, the stylesheet, the login page, and the
 * small helpers the page renderers use.
 */
#include <string.h>

#include "vigil/web.h"
#include "../internal.h"

static const struct {
    const char *section;
    const char *href;
    const char *label;
} nav[] = {
    { "overview", "/", "Overview" },
    { "updates", "/updates", "Updates" },
    { "advisories", "/advisories", "Advisories" },
    { "systems", "/systems", "Systems" },
    { "reports", "/reports", "Reports" },
};

static void nav_list(struct vigil_buf *b, const char *section)
{
    size_t i;

    vigil_buf_adds(b, "<nav aria-label=\"Main\"><ul>");
    for (i = 0; i < VIGIL_ARRAY_SIZE(nav); i++) {
        int here = section && strcmp(section, nav[i].section) == 0;

        vigil_buf_addf(b, "<li><a href=\"%s\"%s>%s</a></li>", nav[i].href,
                       here ? " aria-current=\"page\"" : "", nav[i].label);
    }
    vigil_buf_adds(b, "</ul></nav>");
}

void vigil_web_page_begin(struct vigil_buf *b, const struct vigil_web_user *u,
                          const char *title, const char *section)
{
    vigil_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
                      "<meta charset=\"utf-8\">"
                      "<meta name=\"viewport\" content=\"width=device-width"
                      ", initial-scale=1\"><title>");
    vigil_web_add_cut(b, title, VIGIL_WEB_CUT);
    vigil_buf_adds(b, " - vigil</title>"
                      "<link rel=\"stylesheet\" href=\"/static/vigil.css\">"
                      "</head>\n<body><header><strong>vigil</strong>");
    if (u) {
        nav_list(b, section);
        vigil_buf_adds(b, "<span class=\"who\">");
        vigil_buf_add_html(b, u->name);
        vigil_buf_addf(b, " (%s)</span>", vigil_role_name(u->role));
        vigil_buf_adds(b, "<form class=\"inline\" method=\"post\" "
                          "action=\"/logout\">");
        vigil_web_csrf_field(b, u);
        vigil_buf_adds(b, "<button type=\"submit\">Log out</button></form>");
    }
    vigil_buf_adds(b, "</header>\n<main><h1>");
    vigil_buf_add_html(b, title);
    vigil_buf_adds(b, "</h1>\n");
}

void vigil_web_page_end(struct vigil_buf *b)
{
    vigil_buf_adds(b, "</main>\n</body></html>\n");
}

void vigil_web_csrf_field(struct vigil_buf *b, const struct vigil_web_user *u)
{
    vigil_buf_adds(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
    vigil_buf_add_html(b, u && u->csrf ? u->csrf : "");
    vigil_buf_adds(b, "\">");
}

void vigil_web_error(struct vigil_buf *b, const char *msg)
{
    if (!msg)
        return;
    vigil_buf_adds(b, "<p class=\"error\" role=\"alert\">");
    vigil_buf_add_html(b, msg);
    vigil_buf_adds(b, "</p>\n");
}

void vigil_web_add_cut(struct vigil_buf *b, const char *s, size_t max)
{
    struct vigil_buf part = VIGIL_BUF_INIT;
    size_t i, chars = 0;

    for (i = 0; s && s[i]; i++) {
        /* a character starts at any byte that is not a continuation */
        if (((unsigned char)s[i] & 0xc0) != 0x80 && chars++ == max)
            break;
    }
    if (!s || !s[i]) {
        vigil_buf_add_html(b, s);
        return;
    }
    if (vigil_buf_add(&part, s, i) == 0)
        vigil_buf_add_html(b, part.ptr);
    vigil_buf_adds(b, "\xe2\x80\xa6");
    vigil_buf_release(&part);
}

void vigil_web_add_url(struct vigil_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";

    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;

        if (vigil__isalnum(c) || c == '-' || c == '.' || c == '_' ||
            c == '~') {
            vigil_buf_addc(b, (char)c);
        } else {
            vigil_buf_addc(b, '%');
            vigil_buf_addc(b, hex[c >> 4]);
            vigil_buf_addc(b, hex[c & 15]);
        }
    }
}

int vigil_web_can_act(const struct vigil_web_user *u)
{
    return u && u->role >= VIGIL_ROLE_ANALYST;
}

int vigil_web_local_path(const char *next)
{
    const unsigned char *p;

    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
        return 0;
    for (p = (const unsigned char *)next; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '\\')
            return 0;
    return 1;
}

void vigil_web_render_login(struct vigil_buf *b, const char *next,
                            const char *error)
{
    vigil_web_page_begin(b, NULL, "Log in", NULL);
    vigil_web_error(b, error);
    vigil_buf_adds(b, "<form class=\"action\" method=\"post\" "
                      "action=\"/login\">");
    if (next && vigil_web_local_path(next)) {
        vigil_buf_adds(b, "<input type=\"hidden\" name=\"next\" value=\"");
        vigil_buf_add_html(b, next);
        vigil_buf_adds(b, "\">");
    }
    vigil_buf_adds(b, "<label for=\"name\">Name <input id=\"name\" "
                      "name=\"name\" autocomplete=\"username\" required>"
                      "</label><label for=\"password\">Password <input "
                      "id=\"password\" "
                      "name=\"password\" type=\"password\" "
                      "autocomplete=\"current-password\" required></label>"
                      "<button type=\"submit\">Log in</button></form>\n");
    vigil_web_page_end(b);
}

void vigil_web_render_message(struct vigil_buf *b,
                              const struct vigil_web_user *u, const char *title,
                              const char *msg)
{
    vigil_web_page_begin(b, u, title, NULL);
    vigil_buf_adds(b, "<p>");
    vigil_buf_add_html(b, msg);
    vigil_buf_adds(b, "</p>\n");
    vigil_web_page_end(b);
}
