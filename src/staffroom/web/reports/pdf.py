"""HTML to PDF with WeasyPrint, offline: the only resources a report may load are the
project's own static files (stylesheets); anything else is refused, so rendering never
reaches the network and cannot be steered to an internal address."""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static

__all__ = ["ReportRenderError", "html_to_pdf", "static_file"]

_STATIC_PREFIX = static("")


class ReportRenderError(RuntimeError):
    """The PDF could not be made (WeasyPrint or its system libraries are missing)."""


def static_file(url: str) -> tuple[bytes, str]:
    """The bytes and type of the project static file ``url`` names; ``LookupError`` for any
    other address (another host, another file on disk)."""
    path = url.removeprefix("file://")
    if not path.startswith(_STATIC_PREFIX):
        raise LookupError(f"reports load only static files, not {url}")
    name = path[len(_STATIC_PREFIX) :]
    if ".." in name.split("/"):
        raise LookupError(f"no static file {url}")
    found = finders.find(name)
    if not found and staticfiles_storage.exists(name):  # collected (hashed) in production
        found = staticfiles_storage.path(name)
    if not found:
        raise LookupError(f"no static file {url}")
    with open(str(found), "rb") as handle:
        body = handle.read()
    return body, "text/css" if name.endswith(".css") else "application/octet-stream"


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            body, mime_type = static_file(url)
            return URLFetcherResponse(url, body, {"Content-Type": mime_type})

    return StaticOnlyFetcher()


def html_to_pdf(html: str) -> bytes:
    """Render a report page (already suppressed by its selectors) to PDF bytes."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # pango missing: say which package
        raise ReportRenderError(
            "PDF reports need WeasyPrint and pango (Debian: libpango-1.0-0 "
            "libpangoft2-1.0-0); the HTML report works without them."
        ) from error
    document = HTML(string=html, base_url="file:///", url_fetcher=_fetcher())
    pdf = document.write_pdf()
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return bytes(pdf)
