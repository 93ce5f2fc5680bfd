"""axe-core on every page a browser journey visits (tests/e2e/conftest.py wires it to `browser`).

axe-core comes from npm (package.json, `make install-test` runs `npm ci`). After each page's
"load" event its source is evaluated through the DevTools protocol, which the page's
Content-Security-Policy does not govern (the page itself still runs no inline script), and
`axe.run` checks the page against WCAG 2.0 / 2.1 A and AA. Each URL path is checked once per test,
so a journey pays for a page once however often it comes back. Serious and critical violations
fail the test at teardown, like the CSP watcher; IPP_AXE_LOG=<file> also appends every violation
(any impact) as JSON lines, for counting."""

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
# axe's best practices (heading order, empty table headers, landmarks) run too; they are logged
# (IPP_AXE_LOG) but only WCAG rules fail a journey.
LOGGED = ["best-practice"]

# Runs in the page once axe is there. Frames are not entered: the portal's only frames show a
# rendered document (sandboxed, no script), and waiting on a frame without axe costs seconds.
_RUN = """async (tags) => {
  if (document.contentType !== 'text/html' || !window.axe) return null;
  const result = await window.axe.run(document, {
    runOnly: {type: 'tag', values: tags}, iframes: false, resultTypes: ['violations'],
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, tags: v.tags,
    targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')), count: v.nodes.length,
    details: v.nodes.slice(0, 3).map(n => n.html.slice(0, 160) + ' | ' + n.failureSummary),
  }));
}"""


def axe_source() -> str:
    if not AXE_JS.exists():
        raise RuntimeError(f"{AXE_JS} is missing: run `make install-test` (npm ci) first")
    return AXE_JS.read_text()


class AxeWatcher:
    """Collects the serious and critical violations of the pages of one test."""

    def __init__(self, test_name: str):
        self.test_name = test_name
        self.violations: list[str] = []
        self.checked: set[str] = set()
        self.pending = 0
        self._source = axe_source()
        self._log = os.environ.get("IPP_AXE_LOG")

    def watch(self, page) -> None:
        page.on("load", self._check)

    def check_now(self, page) -> None:
        """Check the page as it is now, even if its path was checked at "load": for pages that
        draw themselves after loading (Swagger UI renders the API description by script)."""
        self.checked.discard(urlsplit(page.url).path)
        self._check(page)

    def _check(self, page) -> None:
        url = page.url
        path = urlsplit(url).path
        if not url.startswith("http") or path in self.checked:
            return
        self.checked.add(path)
        self.pending += 1
        try:
            if not page.evaluate("() => !!window.axe"):
                page.evaluate(self._source)
            found = page.evaluate(_RUN, TAGS + LOGGED)
        except PlaywrightError:
            # The page moved on (navigation, closed) while axe ran: check the path next time.
            self.checked.discard(path)
            return
        finally:
            self.pending -= 1
        self._record(path, found or [])

    def _record(self, path: str, found: list[dict]) -> None:
        for violation in found:
            if self._log:
                with open(self._log, "a") as log:
                    log.write(json.dumps({"test": self.test_name, "path": path, **violation}))
                    log.write("\n")
            wcag = any(tag in TAGS for tag in violation["tags"])
            if wcag and violation["impact"] in BLOCKING:
                self.violations.append(
                    f"{path}: {violation['id']} ({violation['impact']}, {violation['count']} "
                    f"element(s)) {violation['help']}: {', '.join(violation['targets'])}"
                )

    def settle(self, pages) -> None:
        """Wait (a few seconds at most) for checks still running when the test ended."""
        for _ in range(50):
            if not self.pending:
                return
            open_pages = [p for p in pages if not p.is_closed()]
            if not open_pages:
                return
            open_pages[0].wait_for_timeout(100)
