"""report_db.py DB N - fill DB (made by vigil) with N advisories and one
security update each, spread over 2026, with the history rows vigil
would write: creation, priority and due date, and a status change for
those closed.  One in twenty is reopened ten days after its close.
"""
import datetime as dt
import random
import sqlite3
import sys

DONE = ("closed", "verified")


def main(path, n):
    rnd = random.Random(1)
    db = sqlite3.connect(path)
    c = db.cursor()
    start = dt.date(2026, 1, 1)

    def hist(uid, day, field, old, new):
        c.execute("INSERT INTO history (update_id, time, actor, field, "
                  "old_value, new_value) VALUES (?, ?, 'bench', ?, ?, ?)",
                  (uid, day.isoformat() + "T09:00:00Z", field, old, new))

    for i in range(1, n + 1):
        ident = start + dt.timedelta(days=rnd.randrange(365))
        due = ident + dt.timedelta(days=30)
        status = rnd.choice(["new", "triaged", "closed", "verified"])
        comp = ident + dt.timedelta(days=rnd.randrange(60)) \
            if status in DONE else None
        c.execute("INSERT INTO advisory (id, primary_id, title, first_seen, "
                  "updated) VALUES (?, ?, 'bench', ?, ?)",
                  (i, "CVE-2026-%06d" % i, ident.isoformat(),
                   ident.isoformat()))
        c.execute("INSERT INTO sec_update (id, advisory_id, title, systems, "
                  "sources, identified, priority, due, status, assignee, "
                  "completed, created, updated) VALUES "
                  "(?, ?, 'bench', ?, 'nvd', ?, 'High', ?, ?, ?, ?, ?, ?)",
                  (i, i, "host-%d" % (i % 50), ident.isoformat(),
                   due.isoformat(), status, "team-%d" % (i % 7),
                   comp.isoformat() if comp else None, ident.isoformat(),
                   ident.isoformat()))
        hist(i, ident, "created", None, "new")
        hist(i, ident, "priority", None, "High")
        hist(i, ident, "due", None, due.isoformat())
        if comp:
            hist(i, comp, "status", "new", status)
            if i % 20 == 0:
                hist(i, comp + dt.timedelta(days=10), "status", status,
                     "new")
                c.execute("UPDATE sec_update SET status = 'new', "
                          "completed = NULL WHERE id = ?", (i,))
    db.commit()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
