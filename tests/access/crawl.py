"""A small same-site crawler for tests/access/test_crawl_replay.py.

It follows `<a href>` links and the GET forms a page offers (submitted with their default
values and, for each select, each of its first few options), breadth-first, GET only. It
prefers distinct URL patterns over many pages of one pattern: at most `per_pattern` URLs per
(view name, sorted query keys) and `keysets_per_view` query-key sets per view (the admin's
filters combine without end). A URL that names a file (`.csv`, `.xlsx`, `.ics`...) is requested
as soon as it is found, before any page, so the downloads are read however many pages the
limit leaves.
"""

import html
import io
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.urls import Resolver404, resolve

# URLs never requested: signing out, anything that looks like it changes or deletes, and the
# admin's history and add pages (to keep the crawl bounded).
SKIP_WORDS = ("logout", "delete")
SKIP_ADMIN_SUFFIXES = ("/history/", "/add/")
SKIP_PREFIXES = ("/static/", "/media/")

DOWNLOAD_TYPES = ("text/csv", "application/json", "text/calendar", "spreadsheetml", "excel")
# A path ending like this names a download (exports, calendars): requested first.
DOWNLOAD_SUFFIXES = (".csv", ".xlsx", ".xls", ".json", ".ics", ".pdf", ".zip")


class PageLinks(HTMLParser):
    """The same-site links of a page: `<a href>`s and GET forms' submissions."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # Addresses scripts fetch (data-advice-url="..."): pages too.
        self.hrefs += [
            v for k, v in attrs.items() if k.startswith("data-") and k.endswith("url") and v
        ]
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        elif tag == "form":
            method = (attrs.get("method") or "get").lower()
            self._form = (
                {"action": attrs.get("action") or "", "fields": [], "selects": []}
                if method == "get"
                else None
            )
        elif self._form is not None and tag == "input" and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._form["fields"].append((attrs["name"], attrs.get("value") or ""))
        elif self._form is not None and tag == "select" and attrs.get("name"):
            self._select = {"name": attrs["name"], "options": [], "selected": None}
        elif self._select is not None and tag == "option":
            value = attrs.get("value")
            if value is not None:
                self._select["options"].append(value)
                if "selected" in attrs:
                    self._select["selected"] = value

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None and self._form is not None:
            self._form["selects"].append(self._select)
            self._select = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None

    def urls(self, base: str) -> list[str]:
        found = [urljoin(base, href) for href in self.hrefs]
        for form in self.forms:
            action = urljoin(base, form["action"] or base)
            defaults = list(form["fields"])
            for select in form["selects"]:
                chosen = select["selected"]
                if chosen is None and select["options"]:
                    chosen = select["options"][0]
                defaults.append((select["name"], chosen or ""))
            found.append(_with_query(action, defaults))
            for select in form["selects"]:
                for option in [o for o in select["options"] if o]:
                    varied = [(k, v) for k, v in defaults if k != select["name"]]
                    found.append(_with_query(action, [*varied, (select["name"], option)]))
        return found


def _with_query(action: str, pairs: list[tuple[str, str]]) -> str:
    parts = urlsplit(action)
    query = urlencode([(k, v) for k, v in pairs if v != ""])
    return parts.path + (f"?{query}" if query else "")


def same_site_path(url: str) -> str | None:
    """`url` as path?query when it is on this site and worth requesting, else None."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
        return None
    path = parts.path or "/"
    if not path.startswith("/") or path.startswith(SKIP_PREFIXES):
        return None
    lowered = path.lower() + "?" + parts.query.lower()
    if any(word in lowered for word in SKIP_WORDS):
        return None
    if path.startswith("/admin/") and path.endswith(SKIP_ADMIN_SUFFIXES):
        return None
    # The order of query parameters does not make a new page.
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return path + (f"?{query}" if query else "")


def names_a_file(path_and_query: str) -> bool:
    return urlsplit(path_and_query).path.lower().endswith(DOWNLOAD_SUFFIXES)


@cache
def view_of(path: str) -> str | None:
    """The view name (else route) `path` resolves to; None when none does. Cached: a URL put
    back in the queue is looked at again, and many URLs share a path."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name or match.route


def pattern_of(path_and_query: str) -> tuple[str, tuple[str, ...]] | None:
    parts = urlsplit(path_and_query)
    view = view_of(parts.path)
    if view is None:
        return None
    keys = tuple(sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)}))
    return (view, keys)


def is_download(response) -> bool:
    kind = response.get("Content-Type", "")
    return "attachment" in response.get("Content-Disposition", "") or any(
        t in kind for t in DOWNLOAD_TYPES
    )


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def text_of(response, body: bytes) -> str:
    """What a person reading the response sees, lower-cased: HTML unescaped, a spreadsheet's
    cell values joined, anything else decoded as UTF-8."""
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind or body[:2] == b"PK":
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True, data_only=True)
        cells = (
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
        return "\n".join(cells).lower()
    text = body.decode("utf-8", errors="ignore")
    if "html" in kind:
        text = html.unescape(text)
    return text.lower()


@dataclass
class Page:
    url: str
    status: int
    pattern: tuple | None
    text: str = ""  # lower-cased, only for non-redirect responses
    download: bool = False
    location: str = ""
    error: str = ""  # the exception of a server error


@dataclass
class Crawl:
    user: str
    pages: list[Page] = field(default_factory=list)
    skipped_by_pattern: int = 0

    @property
    def patterns(self) -> set:
        return {page.pattern for page in self.pages}


def crawl(
    user: str,
    get: Callable[[str], object],
    start: list[str],
    *,
    max_pages: int,
    per_pattern: int = 3,
    keysets_per_view: int = 6,
    prefer: Callable[[str], bool] = lambda url: False,
) -> Crawl:
    """Breadth-first from `start`; `get(url)` returns the response. A URL naming a file goes
    first; then a URL of a pattern not yet requested before one of a pattern already requested,
    and the application's pages before the admin's (which has many more links); within each,
    URLs `prefer` picks go first (so a filter's options that name the hubs with data are the
    ones requested)."""
    result = Crawl(user)
    # Application, then admin, for: a view not yet requested; a new (view, query keys); a
    # pattern already requested.
    queues = [deque() for _ in range(6)]
    views: dict = {}  # view name -> the query-key sets requested
    queued: set[str] = set()
    per: dict = {}

    def offer(url: str) -> None:
        path = same_site_path(url)
        if path is None or path in queued:
            return
        queued.add(path)
        add(queues[path.startswith("/admin/")], path)

    def add(queue: deque, path: str) -> None:
        (queue.appendleft if prefer(path) or names_a_file(path) else queue.append)(path)

    for url in start:
        offer(url)
    while any(queues) and len(result.pages) < max_pages:
        index = next(i for i, q in enumerate(queues) if q)
        url = queues[index].popleft()
        pattern = pattern_of(url)
        if pattern is None:
            continue
        keysets = views.get(pattern[0], set())
        if per.get(pattern, 0) >= per_pattern or (
            pattern[1] not in keysets and len(keysets) >= keysets_per_view
        ):
            result.skipped_by_pattern += 1
            continue
        rank = 0 if pattern[0] not in views else 1 if not per.get(pattern) else 2
        if names_a_file(url):
            rank = 0  # a download: read it now, whatever pages are still waiting
        if rank > index // 2:
            add(queues[rank * 2 + index % 2], url)  # something newer comes first
            continue
        per[pattern] = per.get(pattern, 0) + 1
        views.setdefault(pattern[0], set()).add(pattern[1])
        response = get(url)
        page = Page(url=url, status=response.status_code, pattern=pattern)
        if response.status_code >= 500:
            exc = getattr(response, "exc_info", None)
            page.error = repr(exc[1]) if exc else ""
        if 300 <= response.status_code < 400:
            page.location = response.get("Location", "")
            target = same_site_path(urljoin(url, page.location))
            if target and not target.startswith(("/accounts/login/", "/admin/login/")):
                offer(target)
        else:
            body = body_of(response)
            page.download = is_download(response)
            page.text = text_of(response, body)
            if response.status_code == 200 and not page.download:
                parser = PageLinks()
                parser.feed(body.decode("utf-8", errors="ignore"))
                for link in parser.urls(url):
                    offer(link)
        result.pages.append(page)
    return result
