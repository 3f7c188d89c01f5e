"""The crawl's WARC files (warcio): every response is written here before anything reads it, so
a raw page is never lost, and a run killed before its pages reached the archive is finished from
here by the next run (`replay`).

One gzip-compressed file per run, `kliping-YYYYmmddTHHMMSSZ-PID.warc.gz`, a warcinfo record then
one `response` record per response (feeds, sitemaps, robots.txt, redirects and errors included),
flushed record by record. Three fields of kliping's own go with each record: `Kliping-Outlet`,
`Kliping-Role` (`article`, `feed`, `sitemap`, `section`, `robots`) and `Kliping-Via` (the canonical
URL the request was made for, before redirects). The files are standard WARC: `kliping build DIR`
and any WARC tool read them.
"""
from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# headers that describe the transfer, not the payload the WARC holds (the HTTP client already
# undid the chunking; the length is the payload's own)
_TRANSFER_HEADERS = {"transfer-encoding", "content-length"}


@dataclass
class Fetched:
    """One response as the crawl keeps it."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    date: str                   # WARC-Date, ISO 8601 UTC
    outlet: str
    role: str
    via: str

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)


class WarcLog:
    """The WARC file a run writes."""

    def __init__(self, folder: str | Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        self.path = folder / f"kliping-{stamp}-{os.getpid()}.warc.gz"
        self._f = open(self.path, "ab")
        self._w = WARCWriter(self._f, gzip=True)
        info = self._w.create_warcinfo_record(self.path.name, {"software": "kliping crawl (Scrapy)",
                                                               "format": "WARC File Format 1.1"})
        self._w.write_record(info)
        self._f.flush()

    def write(self, page: Fetched) -> None:
        headers = [(k, v) for k, v in page.headers if k.lower() not in _TRANSFER_HEADERS]
        headers.append(("Content-Length", str(len(page.body))))
        http = StatusAndHeaders(f"{page.status} {_REASONS.get(page.status, 'Status')}", headers,
                                protocol="HTTP/1.1")
        record = self._w.create_warc_record(page.url, "response", payload=io.BytesIO(page.body), http_headers=http,
                                            warc_headers_dict={"WARC-Date": page.date, "Kliping-Outlet": page.outlet,
                                                               "Kliping-Role": page.role, "Kliping-Via": page.via})
        self._w.write_record(record)
        self._f.flush()        # in the kernel's hands: a SIGKILL after this loses nothing

    def close(self) -> None:
        self._f.close()


_REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 304: "Not Modified", 404: "Not Found",
            500: "Internal Server Error", 503: "Service Unavailable"}


def replay(path: str | Path, role: str = "article") -> Iterator[Fetched]:
    """The responses of one role in a crawl WARC file, in order; a file cut short by a killed run
    ends at its last whole record."""
    with open(path, "rb") as f:
        it = iter(ArchiveIterator(f))
        while True:
            try:
                record = next(it)
            except StopIteration:
                return
            except Exception:  # noqa: BLE001 - the record a kill cut off (zlib, header errors): the end
                return
            if record.rec_type != "response" or record.rec_headers.get_header("Kliping-Role") != role:
                continue
            try:
                body = record.content_stream().read()
            except Exception:  # noqa: BLE001 - cut off inside its payload
                return
            http = record.http_headers
            code = http.get_statuscode() if http is not None else None
            yield Fetched(url=record.rec_headers.get_header("WARC-Target-URI") or "",
                          status=int(code) if code and code.isdigit() else 0,
                          headers=list(http.headers) if http is not None else [], body=body,
                          date=record.rec_headers.get_header("WARC-Date") or "",
                          outlet=record.rec_headers.get_header("Kliping-Outlet") or "", role=role,
                          via=record.rec_headers.get_header("Kliping-Via") or "")
