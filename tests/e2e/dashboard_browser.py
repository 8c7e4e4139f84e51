"""dashboard_browser.py - what a person does in the dashboard, in a
headless Chromium: log in, filter the updates, open one, change its
status through the form and find the change in its history; then a
viewer, who must see no action form.  Prints "ok - ..." or
"not ok - ..." per check, as tests/e2e/lib.sh does.

usage: dashboard_browser.py DRIVER_URL BASE_URL SHOTS_DIR PROFILE_DIR
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import webdriver  # noqa: E402

failures = 0


def check(desc, cond, detail=""):
    global failures
    if cond:
        print("ok - " + desc)
    else:
        failures += 1
        print("not ok - %s%s" % (desc, (": " + detail) if detail else ""))


def shot(s, shots, name):
    path = os.path.join(shots, name)
    n = s.screenshot(path)
    check("screenshot %s saved (%d bytes)" % (name, n),
          n > 1000 and open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n")


def wait_url(s, part, seconds=10):
    """The URL once it holds part (forms submit asynchronously)."""
    end = time.time() + seconds
    while time.time() < end:
        url = s.url
        if part in url:
            return url
        time.sleep(0.1)
    return s.url


def wait_left(s, part, seconds=10):
    """The URL once it no longer holds part."""
    end = time.time() + seconds
    while time.time() < end:
        url = s.url
        if part not in url:
            return url
        time.sleep(0.1)
    return s.url


def login(s, base, name, password):
    s.get(base + "/updates")
    check("an anonymous visitor is sent to the login page",
          "/login" in wait_url(s, "/login"), s.url)
    s.find("#name").type(name)
    s.find("#password").type(password)
    s.find("main form button[type=submit]").click()
    check("the login brings " + name + " back to the page asked for",
          wait_left(s, "/login").startswith(base + "/updates"), s.url)
    check(name + " is logged in",
          name in s.find("header .who").text, s.find("header").text)


def cells(s, column):
    return [td.text for td in
            s.find_all("main table tbody tr td:nth-child(%d)" % column)]


def filter_updates(s, base, shots):
    s.get(base + "/updates")
    every = cells(s, 2)
    s.find("#f-priority option[value=High]").click()
    s.find("form.filters button[type=submit]").click()
    url = wait_url(s, "priority=High")
    prios = cells(s, 2)
    check("the filter form puts priority=High in the query", "priority=High"
          in url, url)
    check("the filtered list shows only High updates",
          prios and all(p == "High" for p in prios), repr(prios))
    check("the filter removed the other priorities",
          len(prios) == every.count("High") and len(prios) < len(every),
          "%d of %d" % (len(prios), len(every)))
    shot(s, shots, "02-updates-high.png")


def change_status(s, base, shots):
    link = s.find("main table tbody tr td:first-child a")
    vu = link.text
    link.click()
    wait_url(s, "/updates/" + vu)
    check("the update's page opens", s.find("h1").text.startswith(vu + ":"),
          s.find("h1").text)
    offered = [o.attribute("value")
               for o in s.find_all("#st-status option")]
    check("the status select offers moves from new", "triaged" in offered
          and "new" not in offered and "verified" not in offered,
          repr(offered))
    shot(s, shots, "03-detail-before.png")
    s.find("#st-status option[value=triaged]").click()
    s.find("#st-reason").type("checked in the browser test")
    s.find("form[action$='/status'] button[type=submit]").click()
    time.sleep(0.5)
    url = wait_url(s, "/updates/" + vu)
    check("after the post the browser is back on the update (303)",
          url.endswith("/updates/" + vu), url)
    rows = [[td.text for td in tr.find_all("td")]
            for tr in s.find_all("table.history tbody tr")]
    hit = [r for r in rows if r[1:5] == ["alice", "status", "new", "triaged"]]
    check("the history shows alice moving it from new to triaged",
          len(hit) == 1, repr(rows[-3:]))
    check("the history keeps the reason", hit and
          hit[0][5] == "checked in the browser test", repr(hit))
    status = [dd.text for dd in s.find_all("dl.fields dd")]
    check("the status field says triaged", "triaged" in status)
    shot(s, shots, "04-detail-after.png")
    return vu


def logout(s, base):
    s.find("header form[action='/logout'] button").click()
    check("logging out leads to the login page",
          "/login" in wait_url(s, "/login"), s.url)
    s.get(base + "/updates")
    check("after logout the pages need a login again",
          "/login" in wait_url(s, "/login"), s.url)


def viewer_sees_no_forms(s, base, shots, vu):
    login(s, base, "vera", "vera-password-2")
    s.get(base + "/updates/" + vu)
    forms = [f.attribute("action") for f in s.find_all("form")]
    check("a viewer sees no action form", forms == ["/logout"] or all(
        f.endswith("/logout") for f in forms), repr(forms))
    check("a viewer still sees the history",
          len(s.find_all("table.history tbody tr")) > 0)
    shot(s, shots, "05-viewer.png")


def main():
    driver, base, shots, profile = sys.argv[1:5]
    webdriver.wait_ready(driver)
    s = webdriver.Session(driver, "/usr/bin/chromium", profile)
    try:
        s.get(base + "/login")
        shot(s, shots, "00-login.png")
        login(s, base, "alice", "alice-password-1")
        s.get(base + "/")
        check("the overview draws its two charts",
              len(s.find_all("svg[role=img]")) == 2)
        shot(s, shots, "01-overview.png")
        filter_updates(s, base, shots)
        vu = change_status(s, base, shots)
        logout(s, base)
        viewer_sees_no_forms(s, base, shots, vu)
    except webdriver.WebDriverError as e:
        check("the browser session ran to its end", False, str(e))
    finally:
        s.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
