/*
 * assets.c - the files GET /static/{name} serves, built into the
 * binary so that no request can name a path on disk.  The dashboard
 * owns their content.
 */
#include <stddef.h>

#include "server.h"
#include "../internal.h"

#define TEXT(s) s, sizeof(s) - 1

/* The dashboard's one stylesheet: pages carry no inline style, so
 * the CSP can forbid it. */
static const char css[] =
    ":root{--fg:#1d2430;--muted:#5b6576;--line:#d5dae2;--bg:#f6f7f9;"
    "--accent:#1f5fbf;--bad:#b3261e}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:15px/1.45 system-ui,sans-serif;color:var(--fg);"
    "background:var(--bg)}\n"
    "header{display:flex;flex-wrap:wrap;align-items:center;gap:1rem;"
    "padding:.5rem 1rem;background:#fff;border-bottom:1px solid "
    "var(--line)}\n"
    "header nav ul{display:flex;gap:.9rem;list-style:none;margin:0;"
    "padding:0}\n"
    "header .who{margin-left:auto;color:var(--muted)}\n"
    "a{color:var(--accent)}\n"
    "a[aria-current=page]{font-weight:600;text-decoration:none}\n"
    "main{padding:1rem;max-width:80rem}\n"
    "h1{font-size:1.35rem;margin:.2rem 0 1rem}\n"
    "h2{font-size:1.1rem;margin:1.5rem 0 .5rem}\n"
    "table{border-collapse:collapse;background:#fff;width:100%}\n"
    "th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid "
    "var(--line);vertical-align:top}\n"
    "th{background:#eef1f5}\n"
    "td:first-child{white-space:nowrap}\n"
    "form.inline{display:inline}\n"
    "form.filters,form.action{display:flex;flex-wrap:wrap;gap:.5rem;"
    "align-items:end;margin:.5rem 0}\n"
    "form.filters label,form.action label{display:flex;"
    "flex-direction:column;font-size:.85rem;color:var(--muted)}\n"
    "input,select,button,textarea{font:inherit}\n"
    "button{padding:.25rem .8rem}\n"
    ".error{color:var(--bad);font-weight:600}\n"
    ".counts{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;"
    "padding:0}\n"
    ".counts li{background:#fff;border:1px solid var(--line);"
    "padding:.5rem 1rem}\n"
    ".counts strong{display:block;font-size:1.4rem}\n"
    ".charts{display:flex;flex-wrap:wrap;gap:1rem}\n"
    "pre{white-space:pre-wrap;background:#fff;padding:.5rem;"
    "border:1px solid var(--line)}\n"
    ".pages{display:flex;gap:1rem;margin:.5rem 0}\n"
    "h1,td,dd,pre,li{overflow-wrap:anywhere}\n"
    "dl.fields{display:grid;grid-template-columns:12rem minmax(0,1fr);"
    "gap:.2rem "
    "1rem;background:#fff;padding:.5rem;border:1px solid var(--line)}\n"
    "dl.fields dt{color:var(--muted)}\n"
    "dl.fields dd{margin:0;white-space:pre-wrap}\n";

const struct srv_asset srv_assets[] = {
    { "vigil.css", "text/css; charset=utf-8", TEXT(css) },
    { NULL, NULL, NULL, 0 },
};
