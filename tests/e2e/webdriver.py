"""webdriver.py - a small W3C WebDriver client (urllib and json only).

Enough of the protocol to drive a headless Chromium through
chromedriver in the dashboard test: sessions, navigation, finding
elements, typing, clicking, reading text and attributes, screenshots.
Written for vigil's tests; see https://www.w3.org/TR/webdriver2/.
"""
import base64
import json
import time
import urllib.error
import urllib.request

# The key under which the protocol returns an element reference.
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"

CHROME_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu",
    "--disable-dev-shm-usage", "--disable-background-networking",
    "--no-first-run", "--window-size=1280,2200",
]


class WebDriverError(Exception):
    """An error answer of the driver: its error code and message."""


def _call(method, url, body=None, timeout=60):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json; charset=utf-8")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            answer = json.load(resp)
    except urllib.error.HTTPError as e:
        try:
            value = json.load(e).get("value", {})
        except ValueError:
            value = {}
        raise WebDriverError("%s: %s" % (value.get("error", e.code),
                                         value.get("message", "")))
    return answer.get("value")


def wait_ready(driver_url, seconds=30):
    """Waits until the driver answers /status with ready."""
    end = time.time() + seconds
    while time.time() < end:
        try:
            if _call("GET", driver_url + "/status", timeout=2).get("ready"):
                return
        except (OSError, WebDriverError):
            pass
        time.sleep(0.2)
    raise WebDriverError("the driver at %s did not get ready" % driver_url)


class Element:
    def __init__(self, session, ref):
        self.s = session
        self.ref = ref

    def _url(self, tail=""):
        return "/element/%s%s" % (self.ref, tail)

    def click(self):
        self.s.cmd("POST", self._url("/click"), {})

    def clear(self):
        self.s.cmd("POST", self._url("/clear"), {})

    def type(self, text):
        self.s.cmd("POST", self._url("/value"), {"text": text})

    @property
    def text(self):
        return self.s.cmd("GET", self._url("/text"))

    def attribute(self, name):
        return self.s.cmd("GET", self._url("/attribute/" + name))

    def find(self, css):
        v = self.s.cmd("POST", self._url("/element"),
                       {"using": "css selector", "value": css})
        return Element(self.s, v[ELEMENT])

    def find_all(self, css):
        vs = self.s.cmd("POST", self._url("/elements"),
                        {"using": "css selector", "value": css})
        return [Element(self.s, v[ELEMENT]) for v in vs]


class Session:
    """One browser session; close() ends it and the browser."""

    def __init__(self, driver_url, binary, user_data_dir):
        self.driver = driver_url
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": binary,
                "args": CHROME_ARGS + ["--user-data-dir=" + user_data_dir],
            },
        }}}
        v = _call("POST", driver_url + "/session", caps, timeout=120)
        self.id = v["sessionId"]
        # finding an element waits for it a while, so a page still
        # loading after a click is not a failure
        self.cmd("POST", "/timeouts", {"implicit": 5000})

    def cmd(self, method, tail, body=None):
        return _call(method, "%s/session/%s%s" % (self.driver, self.id, tail),
                     body)

    def get(self, url):
        self.cmd("POST", "/url", {"url": url})

    @property
    def url(self):
        return self.cmd("GET", "/url")

    @property
    def title(self):
        return self.cmd("GET", "/title")

    def find(self, css):
        v = self.cmd("POST", "/element",
                     {"using": "css selector", "value": css})
        return Element(self, v[ELEMENT])

    def find_all(self, css):
        vs = self.cmd("POST", "/elements",
                      {"using": "css selector", "value": css})
        return [Element(self, v[ELEMENT]) for v in vs]

    def screenshot(self, path):
        png = base64.b64decode(self.cmd("GET", "/screenshot"))
        with open(path, "wb") as f:
            f.write(png)
        return len(png)

    def close(self):
        try:
            self.cmd("DELETE", "")
        except (OSError, WebDriverError):
            pass
