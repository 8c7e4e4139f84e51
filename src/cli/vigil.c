/*
 * vigil.c - the command-line entry point: global options, the command
 * table and dispatch.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "../internal.h"

#define OPT_DB \
    "  --db FILE         database file (else $VIGIL_DB, ./vigil.db)\n"
#define OPT_JSON "  --json            print one JSON document on stdout\n"

const struct cli_command cli_commands[] = {
    { "run", cmd_run, "import sources, match, track and report in one step",
      "usage: vigil run [--config FILE] [--json]\n\n"
      "Reads vigil.conf: imports every [source], adds every [system] and\n"
      "its inventory, matches, updates the tracked items and prints the\n"
      "weekly report.\n\n"
      "  --config FILE     configuration file (else $VIGIL_CONFIG,\n"
      "                    ./vigil.conf)\n" OPT_JSON },
    { "import", cmd_import, "import advisory files, folders and archives",
      "usage: vigil import [--format FMT] [--json] PATH...\n\n"
      "Imports files, folders (recursively), .gz/.xz/.bz2/.zst files and\n"
      "zip or tar archives.  The format of each document is detected\n"
      "from its content: kev (CISA KEV, JSON or CSV), nvd (NVD API 2.0\n"
      "and 1.1), cve5 (CVE JSON 5), osv and osv-yaml (OSV), ghsa and\n"
      "grype-ghsa (GitHub advisories), csaf (CSAF 2.0 and VEX), rss\n"
      "(RSS, Atom, JSON Feed bulletins), epss (EPSS daily CSV), and\n"
      "findings: asff (AWS Security Hub, GuardDuty, Inspector) and\n"
      "sarif.  Schemas, CSAF provider metadata, OPML and other documents\n"
      "that are not advisories are skipped; -v says why.\n\n"
      "  --format FMT      read every document as FMT\n" OPT_JSON },
    { "source", cmd_source, "subscribe to feeds that sync keeps current",
      "usage: vigil source add NAME LOCATION [--format FMT] [--every TIME]\n"
      "                        [--checksum sha256] [--api-key KEY]\n"
      "       vigil source list [--json]\n"
      "       vigil source remove|enable|disable NAME\n\n"
      "LOCATION is a file or folder, or an http, https or file URL.  A\n"
      "format nvd URL ending in /cves/2.0 is read through the NVD API.\n\n"
      "  --format FMT      read every document as FMT (else detected)\n"
      "  --every TIME      sync at most this often: 30m, 6h, 1d (default:\n"
      "                    every sync)\n"
      "  --checksum sha256 check the download against URL.sha256\n"
      "  --api-key KEY     NVD API key (else $NVD_API_KEY)\n" OPT_JSON },
    { "sync", cmd_sync, "bring the sources up to date",
      "usage: vigil sync [NAME...] [--mirror DIR] [options] [--json]\n\n"
      "Syncs the named sources, or every enabled source that is due.\n"
      "A download resumes where a killed sync stopped; what fails or is\n"
      "truncated changes nothing stored.\n\n"
      "  --mirror DIR      read each source from DIR/NAME instead\n"
      "  --tries N         tries of a request (default 5)\n"
      "  --backoff SECS    first pause between tries, doubled each time\n"
      "                    (default 2)\n"
      "  --max-wait SECS   most time spent waiting to try again (600)\n"
      "  --connect-timeout SECS\n"
      "                    time to connect (default 30)\n"
      "  --timeout SECS    time for one request (default 3600)\n"
      "  --nvd-pause SECS  pause between NVD API requests (default 6,\n"
      "                    0.6 with an API key)\n"
      "  --page-size N     NVD API results per page (default 2000)\n"
      OPT_JSON },
    { "daemon", cmd_daemon, "sync, match and write reports on a schedule",
      "usage: vigil daemon [--every TIME] [--once] [sync options]\n\n"
      "Over and over: syncs the sources that are due, matches, writes\n"
      "the scheduled reports of [report] in vigil.conf (each complete\n"
      "week, month or quarter once, mailed if set), then sleeps.\n"
      "With --once, exits 1 when a scheduled report failed.\n"
      "SIGTERM or SIGINT ends the current step and exits 0;\n"
      "an import cut short is rolled back and resumed by the next run.\n"
      "Takes the options of 'vigil sync' except --json.\n\n"
      "  --every TIME      time between rounds: 30m, 6h, 1d (default 1h)\n"
      "  --once            one round, then exit\n" },
    { "system", cmd_system, "add, change and list systems",
      "usage: vigil system add NAME [--owner TEAM] [--env ENV]\n"
      "                         [--criticality LEVEL] [--distro ID]\n"
      "                         [--tags LIST] [--resources LIST]\n"
      "       vigil system list [--json]\n\n"
      "  --owner TEAM      who owns the system; the default assignee\n"
      "  --env ENV         environment: production, staging, ...\n"
      "  --criticality LEVEL\n"
      "                    low, medium, high or critical\n"
      "  --distro ID       operating system release, e.g. debian-12\n"
      "  --tags LIST       comma-separated tags\n"
      "  --resources LIST  cloud resource ids (ARNs, instance ids) that\n"
      "                    findings about this system name\n" OPT_JSON },
    { "inventory", cmd_inventory, "import what a system runs",
      "usage: vigil inventory import SYSTEM FILE [--format FMT]\n"
      "                              [--label NAME] [--json]\n"
      "       vigil inventory list SYSTEM [--json]\n\n"
      "Reads a CycloneDX or SPDX JSON SBOM, a dpkg status file, an rpm -qa\n"
      "list or an apk database.  A new import replaces the components\n"
      "the same label gave before.  A file cut inside a line, or one that\n"
      "would remove more than half of what the label had, is refused.\n\n"
      "  --format FMT      cyclonedx, spdx, dpkg, rpm or apk (else\n"
      "                    detected)\n"
      "  --label NAME      which inventory of the system this is (default:\n"
      "                    the file name)\n"
      "  --force           import a file that looks cut short or shrunk\n"
      OPT_JSON },
    { "findings", cmd_findings, "list what security tools reported",
      "usage: vigil findings [--system NAME] [--cve ID] [--limit N]\n"
      "                      [--json]\n\n"
      "Findings imported from ASFF and SARIF, newest first, with the CVE\n"
      "ids they name and the systems whose resources (system add\n"
      "--resources) they concern.\n\n"
      "  --system NAME     only findings about this system's resources\n"
      "  --cve ID          only findings that name this CVE\n"
      "  --limit N         at most N findings (default 100)\n" OPT_JSON },
    { "watch", cmd_watch, "be told of advisories naming a product",
      "usage: vigil watch add --product NAME | --vendor NAME |\n"
      "                       --keyword WORD\n"
      "       vigil watch list [--json]\n"
      "       vigil watch hits [ID] [--json]\n"
      "       vigil watch remove ID\n\n"
      "Every import checks new and changed advisories against the\n"
      "watches: a product or vendor named by an affected entry, a CPE,\n"
      "a KEV entry, or as a whole word in the title or description.\n"
      "A first hit raises a watch.matched event.\n\n"
      "  --product NAME    a product name (case does not matter)\n"
      "  --vendor NAME     a vendor name\n"
      "  --keyword WORD    a word in the title or description\n"
      OPT_JSON },
    { "match", cmd_match, "match components against advisories",
      "usage: vigil match [--json]\n\n"
      "Checks every component of every system against the advisories\n"
      "that name its package, records the evidence and updates the\n"
      "tracked security updates.\n\n" OPT_JSON },
    { "list", cmd_list, "list security updates",
      "usage: vigil list [filters] [--sort KEY] [--json | --csv]\n\n"
      "  --status STATE    only this state, or 'open' for all open ones\n"
      "  --priority P      Critical, High, Medium or Low\n"
      "  --owner NAME      assigned to NAME\n"
      "  --system NAME     affecting system NAME\n"
      "  --source FMT      with a source of format FMT (kev, nvd, osv, ...)\n"
      "  --text WORDS      every word in the id, aliases, title or\n"
      "                    description\n"
      "  --kev             only items in the CISA KEV catalog\n"
      "  --overdue         only open items past their due date\n"
      "  --sort KEY        priority (default), due, id or updated\n"
      "  --csv             print CSV with every field\n" OPT_JSON },
    { "show", cmd_show, "show an advisory or a security update",
      "usage: vigil show ID [--json]\n\n"
      "ID is a security update (VU-12) or any id or alias of an advisory\n"
      "(CVE-2021-44228, GHSA-jfh8-c2jp-5v3q, ...).\n\n" OPT_JSON },
    { "review", cmd_review, "the weekly review agenda, by owner",
      "usage: vigil review [--json]\n\n"
      "For each owner: new items to triage, overdue items, items due in\n"
      "the next 7 days, risk acceptances ending in the next 14 days and\n"
      "remediated items awaiting verification.\n\n" OPT_JSON },
    { "explain", cmd_explain, "why an update has its priority and due date",
      "usage: vigil explain VU-ID [--json]\n\n"
      "Shows every input of the priority policy (KEV, EPSS, the chosen\n"
      "CVSS score and why, criticality, environment), the rules that\n"
      "fired and the SLA that set the due date.\n\n" OPT_JSON },
    { "status", cmd_track, "move security updates to another state",
      "usage: vigil status VU-ID... STATE [--reason TEXT]\n\n"
      "STATE is new, triaged, in_progress, remediated, verified, closed,\n"
      "not_affected or false_positive; moves the table in vigil(1) does\n"
      "not allow are refused.  A risk is accepted with accept-risk, which\n"
      "takes an end date and a reason.\n\n"
      "  --reason TEXT     why, kept in the history\n" },
    { "assign", cmd_track, "assign security updates to someone",
      "usage: vigil assign VU-ID... NAME [--reason TEXT]\n\n"
      "  --reason TEXT     why, kept in the history\n" },
    { "note", cmd_track, "add a note to security updates",
      "usage: vigil note VU-ID... TEXT\n" },
    { "accept-risk", cmd_track, "accept the risk until a date",
      "usage: vigil accept-risk VU-ID... --until DATE --reason TEXT\n\n"
      "The item reopens on the first run after DATE.\n\n"
      "  --until DATE      last day of the acceptance (YYYY-MM-DD)\n"
      "  --reason TEXT     why the risk is accepted\n" },
    { "verify", cmd_track, "record that a fix was verified",
      "usage: vigil verify VU-ID... --method TEXT\n\n"
      "  --method TEXT     how the fix was verified\n" },
    { "close", cmd_track, "close security updates",
      "usage: vigil close VU-ID... [--reason TEXT]\n\n"
      "  --reason TEXT     why, kept in the history\n" },
    { "reopen", cmd_track, "reopen security updates",
      "usage: vigil reopen VU-ID... [--reason TEXT]\n\n"
      "  --reason TEXT     why, kept in the history\n" },
    { "report", cmd_report, "a weekly, monthly or quarterly report",
      "usage: vigil report KIND [--from DATE] [--to DATE] [--format FMT]\n"
      "                   [--out FILE]\n\n"
      "KIND is weekly, monthly or quarterly; the default period is the\n"
      "last complete one.  docs/REPORTS.md defines every figure.\n\n"
      "  --from DATE       first day (YYYY-MM-DD)\n"
      "  --to DATE         day after the last (YYYY-MM-DD)\n"
      "  --format FMT      md (default), html, json or csv\n"
      "  --out FILE        write FILE atomically instead of printing\n"
      "  --json            same as --format json\n" },
    { "stats", cmd_status, "counts of what the database holds",
      "usage: vigil stats [--json]\n\n" OPT_JSON },
    { "version", cmd_version, "compare versions and test ranges",
      "usage: vigil version compare SCHEME A B\n"
      "       vigil version satisfies SCHEME VERSION RANGE\n\n"
      "SCHEME is dpkg, rpm, semver, npm, pep440, maven, go, gem, apk,\n"
      "nuget, composer or generic.  compare prints <, = or >;\n"
      "satisfies prints yes or no.\n" },
    { "cpe", cmd_cpe, "match CPE names",
      "usage: vigil cpe match PATTERN NAME\n\n"
      "Prints yes when the CPE PATTERN matches the CPE NAME.\n" },
    { "purl", cmd_purl, "parse package URLs",
      "usage: vigil purl parse PURL [--json]\n\n" OPT_JSON },
    { "cvss", cmd_cvss, "compute CVSS scores from vectors",
      "usage: vigil cvss [--json] VECTOR...\n\n" OPT_JSON },
    { "config", cmd_config, "show the settings in force",
      "usage: vigil config show [--config FILE]\n\n"
      "Prints every setting with its value, default and meaning, and the\n"
      "sources, systems and ownership rules of the configuration file.\n\n"
      "  --config FILE     configuration file (else $VIGIL_CONFIG,\n"
      "                    ./vigil.conf)\n" },
    { "rule", cmd_rule, "add, list, remove and test alert rules",
      "usage: vigil rule add NAME --pattern FILE --target URI\n"
      "                      [--digest daily|weekly] [--max-per-hour N]\n"
      "                      [--secret S | --secret-file FILE]\n"
      "                      [--max-attempts N]\n"
      "       vigil rule list [--json]\n"
      "       vigil rule remove NAME...\n"
      "       vigil rule test NAME [--since DATE] [--json]\n\n"
      "A rule sends the events its pattern selects (docs/PATTERNS.md) to\n"
      "a target: smtp://[user:pass@]host[:port]/?to=A[&to=B][&from=F],\n"
      "smtps://..., http(s)://...[?format=slack|teams], syslog:,\n"
      "syslog:/socket, syslog://host[:port], exec:/program, file:/path.\n"
      "'test' shows what the rule would have sent; it sends nothing.\n\n"
      "  --pattern FILE    the event pattern, JSON ('-': standard input)\n"
      "  --target URI      where messages go\n"
      "  --digest PERIOD   one message a day or a week instead of one an\n"
      "                    event\n"
      "  --max-per-hour N  at most N messages an hour; the rest of the\n"
      "                    hour goes in one summary\n"
      "  --secret S        webhooks: sign bodies with HMAC-SHA256 under S\n"
      "  --secret-file FILE\n"
      "                    the same, with the secret read from FILE\n"
      "  --max-attempts N  failed deliveries before the dead-letter state\n"
      "                    (default 8)\n"
      "  --since DATE      test: only events from DATE on\n" OPT_JSON },
    { "alerts", cmd_alerts, "list, deliver and retry alert messages",
      "usage: vigil alerts [--dead | --sent | --all] [--json]\n"
      "       vigil alerts flush [--timeout S] [--backoff S] [--json]\n"
      "       vigil alerts retry ID...\n\n"
      "Lists undelivered messages (pending and dead), delivers those due\n"
      "now, or moves dead-lettered ones back to pending.\n\n"
      "  --dead            only dead-lettered messages\n"
      "  --sent            only delivered messages\n"
      "  --all             every message\n"
      "  --timeout S       flush: seconds one delivery may take (30)\n"
      "  --backoff S       flush: first retry delay, doubled after each\n"
      "                    failure (60)\n" OPT_JSON },
    { "serve", cmd_serve, "serve the REST API and the dashboard over HTTP",
      "usage: vigil serve [--listen ADDR:PORT] [--threads N] [limits]\n"
      "       vigil serve --routes\n\n"
      "Serves the JSON API under /api/v1/ and the dashboard at / until\n"
      "SIGINT or SIGTERM.  Port 0 picks a free port; the address bound\n"
      "is printed on stdout as \"listening on http://ADDR:PORT\".\n\n"
      "  --listen ADDR:PORT  address to listen on, [IPV6]:PORT for IPv6\n"
      "                    (default 127.0.0.1:8080)\n"
      "  --threads N       worker threads and store handles (default 4)\n"
      "  --timeout SECS    close idle or slow connections (default 15)\n"
      "  --max-connections N\n"
      "                    connections open at once (default 128)\n"
      "  --per-ip N        connections from one address (default 32)\n"
      "  --max-body BYTES  largest request body (default 1048576)\n"
      "  --routes          print every route, its least role and its "
      "query\n                    parameters\n" },
    { "user", cmd_user, "add, change and list users of the API and dashboard",
      "usage: vigil user add NAME --role ROLE [--password-stdin |\n"
      "                                       --no-password]\n"
      "       vigil user list [--json]\n"
      "       vigil user set NAME [--role ROLE] [--disable | --enable]\n"
      "       vigil user passwd NAME [--password-stdin]\n"
      "       vigil user remove NAME\n\n"
      "ROLE is viewer (reads), analyst (also changes updates, findings\n"
      "and watches) or admin (also users, tokens, sources and rules).\n"
      "A password is asked twice on a terminal, or read as one line from\n"
      "standard input; it is never an argument.  The last enabled admin\n"
      "cannot be removed, disabled or given another role.\n\n"
      "  --role ROLE       viewer, analyst or admin\n"
      "  --password-stdin  read the password as one line from standard\n"
      "                    input\n"
      "  --no-password     no password: the user signs in with tokens\n"
      "  --disable         the user's password, tokens and sessions stop\n"
      "                    working\n"
      "  --enable          they work again\n" OPT_JSON },
    { "token", cmd_token, "create, list and revoke API tokens",
      "usage: vigil token create USER [--name LABEL] [--expires WHEN]\n"
      "       vigil token list [USER] [--json]\n"
      "       vigil token revoke ID\n\n"
      "create prints the token, and only the token, on standard output;\n"
      "it is not stored and cannot be shown again.  Clients send it as\n"
      "'Authorization: Bearer TOKEN'.\n\n"
      "  --name LABEL      what the token is for (default 'token')\n"
      "  --expires WHEN    hours, days or weeks (12h, 30d, 2w), a date\n"
      "                    YYYY-MM-DD (UTC midnight), at most 3660 days\n"
      "                    on, or 'never' (default 90d)\n" OPT_JSON },
    { "search", cmd_search, "full-text search over advisories",
      "usage: vigil search QUERY... [--limit N] [--offset N] [--json]\n\n"
      "Finds advisories whose id, title or description hold every word\n"
      "of QUERY; \"quoted words\" must appear together and a word ending\n"
      "in * matches as a prefix.  The newest 2000 matches are ranked, a\n"
      "hit in the id or title above one in the description.\n\n"
      "  --limit N         at most N hits (1 to 500, default 20)\n"
      "  --offset N        skip the first N hits\n" OPT_JSON },
    { "help", cmd_help, "list commands, or show one command's help",
      "usage: vigil help [COMMAND]\n" },
    { NULL, NULL, NULL, NULL }
};

const struct cli_command *cli_find(const char *name)
{
    const struct cli_command *c;

    for (c = cli_commands; name && c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

static void print_overview(FILE *f)
{
    const struct cli_command *c;

    fprintf(f, "usage: vigil [--db FILE] [--as NAME] [-q] COMMAND "
               "[ARGS]\n\n");
    fprintf(f, "Keeps an organisation's systems up to date with security "
               "advisories.\n\nCommands:\n");
    for (c = cli_commands; c->name; c++)
        fprintf(f, "  %-11s %s\n", c->name, c->summary);
    fprintf(f, "\nGlobal options:\n" OPT_DB
               "  --as NAME         who acts (else $VIGIL_USER, the login)\n"
               "  -q, --quiet       no progress or warnings\n"
               "  -v, --verbose     more messages; twice for debugging\n"
               "  --version         print the version\n\n"
               "Run 'vigil COMMAND --help' for a command's options.\n");
}

int cmd_help(struct cli *cli, int argc, char **argv)
{
    const struct cli_command *c;

    if (argc < 2) {
        print_overview(stdout);
        return VIGIL_EXIT_OK;
    }
    if (strcmp(argv[1], "--help") == 0)
        return cli_help(cli);
    if (!(c = cli_find(argv[1])))
        return cli_usage(cli, "unknown command '%s'", argv[1]);
    fputs(c->usage, stdout);
    return VIGIL_EXIT_OK;
}

static const char *default_actor(void)
{
    const char *u = getenv("VIGIL_USER");
    struct passwd *pw;

    if (u && *u)
        return u;
    if ((u = getenv("USER")) && *u)
        return u;
    pw = getpwuid(getuid());
    return pw ? pw->pw_name : "unknown";
}

static void log_to_stderr(void *ctx, enum vigil_log_level level,
                          const char *msg)
{
    static const char *const names[] = { "error", "warning", "info",
                                         "debug" };
    struct cli *cli = ctx;

    if (level == VIGIL_LOG_DEBUG && cli->verbose < 2)
        return;
    if (level == VIGIL_LOG_INFO && cli->verbose < 1)
        return;
    if (level == VIGIL_LOG_WARN && cli->quiet)
        return;
    fprintf(stderr, "vigil: %s: %s\n", names[level], msg);
}

static const char *const global_names[] = { "--db", "--as", "--config" };

/* Global options that take a value, and where the value goes. */
static const char **global_value(struct cli *cli, const char *opt)
{
    if (strcmp(opt, "--db") == 0)
        return &cli->db_path;
    if (strcmp(opt, "--as") == 0)
        return &cli->actor;
    if (strcmp(opt, "--config") == 0)
        return &cli->config;
    return NULL;
}

/*
 * Sets a global option's value; -1 after a usage error when it was
 * given before, before or after the command: as for a command's
 * options, the second would silently win.
 */
static int set_global(struct cli *cli, const char *opt, const char *value)
{
    const char **slot = global_value(cli, opt);
    unsigned bit = 0;

    while (strcmp(global_names[bit], opt) != 0)
        bit++;
    if (cli->given & (1u << bit))
        return cli_usage(cli, "option '%s' is given twice", opt), -1;
    cli->given |= 1u << bit;
    *slot = value;
    return 0;
}

/*
 * Consumes global options before the command; returns the argv index
 * of the command, or -1 after a usage error.
 */
static int global_opts(struct cli *cli, int argc, char **argv)
{
    int i;

    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];

        if (global_value(cli, a)) {
            if (i + 1 >= argc || !*argv[i + 1])
                return cli_usage(cli, "option '%s' needs a value", a), -1;
            if (set_global(cli, a, argv[++i]))
                return -1;
        } else if (strncmp(a, "--db=", 5) == 0) {
            if (set_global(cli, "--db", a + 5))
                return -1;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            cli->quiet = 1;
        } else if (strcmp(a, "-v") == 0 || strcmp(a, "--verbose") == 0) {
            cli->verbose++;
        } else {
            break;
        }
    }
    return i;
}

/* Options that every command also accepts after its name; -1 after a
 * usage error. */
static int command_globals(struct cli *cli, int *argc, char **argv)
{
    int i, j = 1;

    for (i = 1; i < *argc; i++) {
        if ((strcmp(argv[i], "--db") == 0 ||
             strcmp(argv[i], "--as") == 0) && i + 1 >= *argc) {
            return cli_usage(cli, "options --db and --as need a value"), -1;
        } else if (strcmp(argv[i], "--db") == 0 ||
                   strcmp(argv[i], "--as") == 0) {
            if (set_global(cli, argv[i], argv[i + 1]))
                return -1;
            cli->db_explicit |= argv[i][2] == 'd';
            i++;
        } else if (strcmp(argv[i], "-q") == 0 ||
                   strcmp(argv[i], "--quiet") == 0) {
            cli->quiet = 1;
        } else if (strcmp(argv[i], "-v") == 0 ||
                   strcmp(argv[i], "--verbose") == 0) {
            cli->verbose++;
        } else if (strcmp(argv[i], "--") == 0) {
            while (i < *argc)
                argv[j++] = argv[i++];
            break;
        } else {
            argv[j++] = argv[i];
        }
    }
    *argc = j;
    argv[j] = NULL;
    return 0;
}

int main(int argc, char **argv)
{
    struct cli cli;
    const struct cli_command *c;
    struct vigil_error err;
    int i, rc;

    memset(&cli, 0, sizeof(cli));
    cli.prog = "vigil";
    if (vigil_clock_check_env(&err)) {
        fprintf(stderr, "vigil: %s\n", err.msg);
        return VIGIL_EXIT_ERROR;
    }
    cli.db_path = getenv("VIGIL_DB");
    cli.config = getenv("VIGIL_CONFIG");
    if ((i = global_opts(&cli, argc, argv)) < 0)
        return VIGIL_EXIT_USAGE;
    cli.db_explicit = cli.db_path && *cli.db_path;
    if (!cli.db_explicit)
        cli.db_path = "vigil.db";
    if (!cli.actor)
        cli.actor = default_actor();
    vigil_set_log_fn(log_to_stderr, &cli);

    if (i < argc && strcmp(argv[i], "--version") == 0) {
        printf("vigil %s\n", VIGIL_VERSION);
        return VIGIL_EXIT_OK;
    }
    if (i < argc && (strcmp(argv[i], "--help") == 0 ||
                     strcmp(argv[i], "-h") == 0)) {
        print_overview(stdout);
        return VIGIL_EXIT_OK;
    }
    if (i >= argc) {
        print_overview(stderr);
        return VIGIL_EXIT_USAGE;
    }
    if (!(c = cli_find(argv[i])))
        return cli_usage(&cli, "unknown command '%s'", argv[i]);
    cli.cmd = c->name;
    argc -= i;
    argv += i;
    if (command_globals(&cli, &argc, argv) < 0)
        return VIGIL_EXIT_USAGE;

    /* who acts is shown in every history, and people filter by it */
    if (vigil_store_person_check("the acting user", cli.actor, &err))
        return cli_usage(&cli, "%s", err.msg);
    rc = c->fn(&cli, argc, argv);
    vigil_store_close(cli.store);
    free(cli.rules);
    if (cli.cfg_loaded)
        vigil_config_release(&cli.cfg);
    return rc;
}
