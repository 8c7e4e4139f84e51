"""report_oracle.py - the fixed database of test_reports.sh and the
figures its reports must show, computed here from the raw rows with
this file's own arithmetic (not vigil's SQL).

  report_oracle.py build DB          fill DB (made by vigil) with a
                                     fixed timeline of updates
  report_oracle.py check DB JSON     compare a JSON report with the
                                     figures computed from DB; prints
                                     "ok - ..." / "not ok - ..." lines
"""
import datetime as dt
from fractions import Fraction
import math
import json
import os
import random
import sqlite3
import statistics
import sys

D = dt.date.fromisoformat
DONE = {"verified", "closed", "not_affected", "false_positive"}
FIXED = {"verified", "closed"}
PRIOS = ["Critical", "High", "Medium", "Low"]
SLA = {"Critical": 7, "High": 30, "Medium": 90, "Low": 180}
SYSTEMS = [("alpha", "team-a"), ("beta", "team-b"), ("gamma", "team-c")]
HOSTILE = "<script>alert(1)</script> =HYPERLINK(\"http://x\") [l](http://x)"


def half_up(x):
    """x (a Fraction) to one decimal, halves away from zero."""
    return math.floor(x * 10 + Fraction(1, 2)) / 10


def build(path):
    rnd = random.Random(8)
    db = sqlite3.connect(path)
    c = db.cursor()
    for name, owner in SYSTEMS:
        c.execute("INSERT INTO system (name, owner, created) VALUES "
                  "(?, ?, '2026-01-01T00:00:00Z')", (name, owner))
    start = D("2026-06-01")
    for i in range(1, 121):
        ident = start + dt.timedelta(days=rnd.randrange(0, 215))
        prio = PRIOS[i % 4]
        due = ident + dt.timedelta(days=SLA[prio])
        title = HOSTILE if i == 7 else "-cmd| advisory %d" % i \
            if i == 9 else "Advisory number %d" % i
        cve = "CVE-2026-%04d" % (1000 + i)
        c.execute("INSERT INTO advisory (id, primary_id, title, first_seen, "
                  "updated) VALUES (?, ?, ?, ?, ?)",
                  (i, cve, title, ident.isoformat() + "T08:00:00Z",
                   ident.isoformat() + "T08:00:00Z"))
        if i % 5 == 0:
            c.execute("INSERT INTO kev (cve, advisory_id, vendor, product, "
                      "name, date_added) VALUES (?, ?, 'V', 'P', 'N', ?)",
                      (cve, i, (ident + dt.timedelta(days=2)).isoformat()))
        y = [SYSTEMS[i % 3][0]] + ([SYSTEMS[(i + 1) % 3][0]]
                                   if i % 4 == 0 else [])
        roll = rnd.random()
        completed, status, until = None, rnd.choice(
            ["new", "triaged", "in_progress", "remediated"]), None
        if roll < 0.6:
            completed = ident + dt.timedelta(
                days=rnd.randrange(0, int(SLA[prio] * 1.6) + 1))
            status = "not_affected" if i % 11 == 0 else \
                rnd.choice(["closed", "verified"])
        elif roll < 0.7:
            status = "risk_accepted"
            until = D("2026-12-20") + dt.timedelta(days=rnd.randrange(0, 90))
        if i % 9 == 0:
            # priority lowered ten days after the due date: a later one
            hist(c, i, due + dt.timedelta(days=10), "due",
                 due.isoformat(), (due + dt.timedelta(days=40)).isoformat())
            due += dt.timedelta(days=40)
        assignee = None if i % 13 == 0 else SYSTEMS[i % 3][1]
        c.execute(
            "INSERT INTO sec_update (id, advisory_id, title, systems, "
            "sources, identified, priority, due, status, assignee, "
            "completed, risk_until, risk_reason, risk_by, created, updated) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (i, i, title, ", ".join(y), "nvd, osv" if i % 2 else "kev",
             ident.isoformat(), prio, due.isoformat(), status, assignee,
             completed.isoformat() if completed else None,
             until.isoformat() if until else None,
             "compensating control" if until else None,
             "carol" if until else None,
             ident.isoformat() + "T08:00:00Z",
             ident.isoformat() + "T08:00:00Z"))
        hist(c, i, ident, "created", None, "new")
        if completed:
            hist(c, i, completed, "status", "new", status)
        if until:
            hist(c, i, ident + dt.timedelta(days=5), "status", "new",
                 status)
        if i % 17 == 0 and completed:
            # closed, then back: a reopen row; the item is open again
            back = completed + dt.timedelta(days=10)
            hist(c, i, back, "status", status, "new")
            c.execute("UPDATE sec_update SET status = 'new', completed = "
                      "NULL WHERE id = ?", (i,))
            if i % 2 == 0:
                # and closed once more
                again = back + dt.timedelta(days=4)
                hist(c, i, again, "status", "new", status)
                c.execute("UPDATE sec_update SET status = ?, completed = ? "
                          "WHERE id = ?", (status, again.isoformat(), i))
    db.commit()


def hist(c, uid, day, field, old, new):
    c.execute("INSERT INTO history (update_id, time, actor, field, "
              "old_value, new_value, reason) VALUES (?, ?, 'fixture', ?, "
              "?, ?, 'fixture')", (uid, day.isoformat() + "T09:00:00Z",
                                   field, old, new))


class Oracle:
    def __init__(self, path):
        db = sqlite3.connect(path)
        db.row_factory = sqlite3.Row
        self.u = [dict(r) for r in db.execute(
            "SELECT u.*, a.primary_id adv FROM sec_update u JOIN advisory a "
            "ON a.id = u.advisory_id")]
        for r in self.u:
            for k in ("identified", "completed", "due", "risk_until"):
                r[k] = D(r[k][:10]) if r[k] else None
        self.adv = [D(r[0][:10]) for r in db.execute(
            "SELECT first_seen FROM advisory")]
        self.kev_dates = [D(r[0]) for r in db.execute(
            "SELECT date_added FROM kev")]
        self.kev = {r[0] for r in db.execute("SELECT advisory_id FROM kev")}
        self.hist = [dict(r) for r in db.execute(
            "SELECT * FROM history WHERE field = 'status' ORDER BY id")]
        self.shist, self.dhist = {}, {}
        for h in db.execute("SELECT * FROM history ORDER BY id"):
            h = dict(h)
            h["day"] = D(h["time"][:10])
            if h["field"] in ("status", "due"):
                (self.shist if h["field"] == "status" else self.dhist) \
                    .setdefault(h["update_id"], []).append(h)

    def status_at(self, r, x):
        """The status at the start of day x, replayed from the history."""
        rows = self.shist.get(r["id"], [])
        before = [h for h in rows if h["day"] < x]
        if before:
            return before[-1]["new_value"]
        if rows:
            return rows[0]["old_value"]
        if r["status"] in DONE and r["completed"] and r["completed"] >= x:
            return "new"
        return r["status"]

    def due_at(self, r, x):
        rows = self.dhist.get(r["id"], [])
        before = [h for h in rows if h["day"] < x]
        if before:
            return D(before[-1]["new_value"][:10])
        if rows:
            return D((rows[0]["old_value"] or rows[0]["new_value"])[:10])
        return r["due"]

    def comp_at(self, r, x):
        """The completion day at x: the last close before x when done."""
        if self.status_at(r, x) not in DONE:
            return None
        rows = self.shist.get(r["id"], [])
        closes = [h["day"] for h in rows if h["new_value"] in DONE and
                  (h["old_value"] or "new") not in DONE and h["day"] < x]
        if closes:
            return closes[-1]
        return r["completed"] if r["completed"] and r["completed"] < x \
            else None

    def brief_at(self, r, x):
        """What a report's list shows of an update: as of x."""
        c = self.comp_at(r, x)
        d = self.due_at(r, x)
        return [self.status_at(r, x), d.isoformat() if d else None,
                c.isoformat() if c else None]

    def closed_in(self, r, lo, hi):
        rows = self.shist.get(r["id"])
        if rows:
            return any(h["new_value"] in DONE and
                       (h["old_value"] or "new") not in DONE and
                       lo <= h["day"] < hi for h in rows)
        return r["status"] in DONE and r["completed"] is not None and \
            lo <= r["completed"] < hi

    def open_at(self, r, x):
        return r["identified"] < x and self.status_at(r, x) not in DONE

    def overdue_at(self, r, x):
        """Open at the start of x and due before the day before x."""
        return r["identified"] < x and \
            self.status_at(r, x) not in DONE | {"risk_accepted"} and \
            self.due_at(r, x) < x - dt.timedelta(days=1)

    def period(self, f, t, ref):
        out = {}
        done = [r for r in self.u if r["status"] in FIXED and r["completed"]
                and f <= r["completed"] < t]
        for p in PRIOS + ["All"]:
            rows = [r for r in done if p == "All" or r["priority"] == p]
            days = [(r["completed"] - r["identified"]).days for r in rows]
            met = [r["completed"] <= r["due"] for r in rows]
            out[p] = {
                "remediated": len(rows),
                "mean_days": half_up(Fraction(sum(days), len(days)))
                if days else None,
                "median_days": round(statistics.median(days), 1) if days
                else None,
                "on_time": sum(met),
                "sla_pct": half_up(Fraction(100 * sum(met), len(met)))
                if met else None,
            }
        asof = ref - dt.timedelta(days=1)
        ages = [(asof - r["identified"]).days for r in self.u
                if self.open_at(r, ref)]
        out["backlog"] = [sum(1 for a in ages if lo <= a <= hi)
                          for lo, hi in ((0, 7), (8, 30), (31, 90),
                                         (91, 10 ** 9))]
        out["opened"] = sum(1 for r in self.u if f <= r["identified"] < t)
        out["closed"] = sum(1 for r in self.u if self.closed_in(r, f, t))
        out["open"] = len(ages)
        out["overdue"] = sum(1 for r in self.u if self.overdue_at(r, ref))
        out["missed_open"] = sum(1 for r in self.u if self.overdue_at(r, ref)
                                 and f <= self.due_at(r, ref) < t)
        out["risk_accepted"] = sum(
            1 for r in self.u if r["identified"] < ref and
            self.status_at(r, ref) == "risk_accepted")
        return out


def previous(kind, f, t):
    """The calendar month or quarter before, else as many days before."""
    months = {"monthly": 1, "quarterly": 3}.get(kind)
    if months and f.day == 1 and (kind == "monthly" or f.month % 3 == 1):
        n = f.year * 12 + f.month - 1 + months
        if t == dt.date(n // 12, n % 12 + 1, 1):
            p = f.year * 12 + f.month - 1 - months
            return dt.date(p // 12, p % 12 + 1, 1)
    return f - (t - f)


class Checker:
    def __init__(self):
        self.failed = 0

    def eq(self, what, want, got):
        if want == got:
            print("ok - %s" % what)
        else:
            self.failed += 1
            print("not ok - %s: expected %r, got %r" % (what, want, got))


def check_period(o, c, j, f, t, ref, kind):
    pf = previous(kind, f, t)
    cur, old = o.period(f, t, ref), o.period(pf, f, f)
    rows = {r["priority"]: r for r in j["by_priority"]}
    for p in PRIOS + ["All"]:
        for k in ("remediated", "mean_days", "median_days", "on_time",
                  "sla_pct"):
            c.eq("%s %s %s" % (kind, p, k), cur[p][k], rows[p][k])
        c.eq("%s %s sla_pct previous" % (kind, p), old[p]["sla_pct"],
             rows[p]["sla_pct_prev"])
    c.eq("%s backlog by age" % kind, cur["backlog"],
         [r["open"] for r in j["backlog"]])
    c.eq("%s backlog deltas" % kind,
         [a - b for a, b in zip(cur["backlog"], old["backlog"])],
         [r["open_delta"] for r in j["backlog"]])
    for k in ("missed_open", "risk_accepted"):
        c.eq("%s %s" % (kind, k), cur[k], j["summary"][k])
    for k in ("opened", "closed", "open", "overdue"):
        c.eq("%s %s" % (kind, k), cur[k], j["summary"][k])
        c.eq("%s %s delta" % (kind, k), cur[k] - old[k],
             j["summary"][k + "_delta"])
    teams = {}
    for r in o.u:
        if f <= r["identified"] < t:
            teams[r["assignee"] or "(unassigned)"] = \
                teams.get(r["assignee"] or "(unassigned)", 0) + 1
    c.eq("%s opened by team" % kind, teams,
         {r["team"]: r["opened"] for r in j["by_team"] if r["opened"]})


def check_weekly(o, c, j, f, t, ref):
    s = j["summary"]
    c.eq("weekly new threats", sum(1 for d in o.adv if f <= d < t),
         s["new_threats"])
    c.eq("weekly KEV additions", sum(1 for d in o.kev_dates if f <= d < t),
         s["kev_added"])
    c.eq("weekly new updates",
         sum(1 for r in o.u if f <= r["identified"] < t), s["new_updates"])
    c.eq("weekly closed updates",
         sum(1 for r in o.u if o.closed_in(r, f, t)), s["closed_updates"])
    c.eq("weekly overdue", sum(1 for r in o.u if o.overdue_at(r, ref)),
         s["overdue"])
    asof = ref - dt.timedelta(days=1)
    c.eq("weekly days past due, to the as-of day",
         {"VU-%d" % r["id"]: (asof - o.due_at(r, ref)).days
          for r in o.u if o.overdue_at(r, ref)},
         {r["id"]: r["days_overdue"] for r in j["overdue"]})
    byid = {"VU-%d" % r["id"]: r for r in o.u}
    for name in ("new_updates", "closed_updates", "overdue"):
        c.eq("weekly %s: status, due and completion as of the day" % name,
             {x["id"]: o.brief_at(byid[x["id"]], ref) for x in j[name]},
             {x["id"]: [x["status"], x["due"], x["completed"]]
              for x in j[name]})
    owners = {}
    for r in o.u:
        if o.open_at(r, ref):
            k = r["assignee"] or "(unassigned)"
            owners[k] = owners.get(k, 0) + 1
    c.eq("weekly open by owner", owners,
         {r["owner"]: r["open"] for r in j["by_owner"]})


def check_quarterly(o, c, j, f, t, ref):
    weeks = []
    asof = ref - dt.timedelta(days=1)
    for n in range(13):
        s = t - dt.timedelta(days=91 - 7 * n)
        e = s + dt.timedelta(days=7)
        x = min(e, ref)
        if s > asof:
            break
        weeks.append([
            s.isoformat(),
            sum(1 for r in o.u if s <= r["identified"] < e),
            sum(1 for r in o.u if o.closed_in(r, s, e)),
            sum(1 for r in o.u if o.open_at(r, x)),
            sum(1 for r in o.u if o.overdue_at(r, x))])
    c.eq("quarterly trend points of the weeks begun", weeks,
         [[w["week"], w["opened"], w["closed"], w["backlog"], w["overdue"]]
          for w in j["weeks"]])
    kev = [r for r in o.u if o.open_at(r, ref) and r["advisory_id"] in o.kev]
    c.eq("quarterly open KEV items", len(kev),
         j["kev_summary"]["open_items"])
    c.eq("quarterly KEV longest days open",
         max([(asof - r["identified"]).days for r in kev] or [0]),
         j["kev_summary"]["max_days_open"])
    soon = asof + dt.timedelta(days=30)
    flags = {"VU-%d" % r["id"]: "expired" if r["risk_until"] < asof else
             "expires soon" if r["risk_until"] <= soon else ""
             for r in o.u if r["identified"] < ref and
             o.status_at(r, ref) == "risk_accepted"}
    c.eq("quarterly accepted risks and flags", flags,
         {r["id"]: r["flag"] for r in j["accepted"]})
    reopened = {}
    for h in o.hist:
        day = D(h["time"][:10])
        if h["old_value"] in DONE and h["new_value"] not in DONE and \
                f <= day < t:
            r = next(r for r in o.u if r["id"] == h["update_id"])
            for y in r["systems"].split(", "):
                reopened[y] = reopened.get(y, 0) + 1
    c.eq("quarterly reopened by system", reopened,
         {r["system"]: r["reopened"] for r in j["recurring"]
          if r["reopened"]})
    c.eq("quarterly has recommendations", True,
         len(j["recommendations"]) > 0)


def check(db, report):
    o = Oracle(db)
    j = json.load(open(report))
    c = Checker()
    f, t = D(j["from"]), D(j["to"])
    # the as-of day: the period's last, or today while it runs
    asof = min(t - dt.timedelta(days=1), D(os.environ["VIGIL_NOW"][:10]))
    c.eq("%s as-of day" % j["kind"], asof.isoformat(), j["as_of"])
    ref = asof + dt.timedelta(days=1)
    if j["kind"] == "weekly":
        check_weekly(o, c, j, f, t, ref)
    else:
        check_period(o, c, j, f, t, ref, j["kind"])
    if j["kind"] == "quarterly":
        check_quarterly(o, c, j, f, t, ref)
    return 1 if c.failed else 0


if __name__ == "__main__":
    if sys.argv[1] == "build":
        build(sys.argv[2])
        sys.exit(0)
    sys.exit(check(sys.argv[2], sys.argv[3]))
