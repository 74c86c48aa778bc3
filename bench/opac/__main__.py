"""``python -m bench.opac``: the public catalogue over HTTP against ``shuyuan serve``.

The catalogue is the search benchmark's (bench.search.dataset: generated records, indexed). Measured
side by side in one run: the search results page and the record page (latency p50/p95/p99 and
requests per second with 1 and 20 clients), the bare search call in-process for the same queries
(the page/search ratio), the results page's weight (HTML+CSS, raw and gzipped), an SRU
searchRetrieve of 50 MARCXML records, and a full OAI-PMH harvest (oai_dc) with resumption tokens.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.report import machine
from bench.serve.__main__ import start_shuyuan_serve

RESULTS = Path(__file__).resolve().parents[1] / "results"


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 2)

    return {"p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99), "n": len(ordered)}


def fetch(url: str) -> tuple[float, bytes]:
    return timed_fetch(url)[:2]


def timed_fetch(url: str) -> tuple[float, bytes, float]:
    """Seconds seen by the client, the body, and the server's own seconds (its Server-Timing header)."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        body = response.read()
        server = float((response.headers.get("Server-Timing") or "app;dur=nan").removeprefix("app;dur="))
    return time.perf_counter() - started, body, server / 1000


def load(urls: list[str], clients: int) -> dict[str, Any]:
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        answers = list(pool.map(timed_fetch, urls))
    elapsed = time.perf_counter() - started
    return {
        **percentiles([t for t, _body, _server in answers]),
        "server_time": percentiles([server for _t, _body, server in answers]),
        "requests_per_s": round(len(urls) / elapsed, 1),
        "clients": clients,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--requests", type=int, default=200, help="requests per page and client count")
    parser.add_argument("--workers", type=int, default=2, help="the server's worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker")
    parser.add_argument("--seed", type=int, default=20160707)
    parser.add_argument(
        "--database", type=Path, help="reuse this SQLite file, built before with --build-only (migrated, not refilled)"
    )
    parser.add_argument("--build-only", action="store_true", help="build and index the catalogue, measure nothing")
    args = parser.parse_args()
    folder = args.database.resolve().parent if args.database else Path(tempfile.mkdtemp(prefix="bench-opac-"))
    if args.database:
        os.environ["DATABASE_URL"] = f"sqlite:///{args.database.resolve()}"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder / 'bench.sqlite3'}")
    os.environ.setdefault("SHUYUAN_VAR", str(folder / "var"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shuyuan.settings")
    os.environ.setdefault("SHUYUAN_LOG_LEVEL", "WARNING")
    import django

    from bench.search import dataset

    dataset.create_database_if_missing()
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    build_seconds = None
    if args.database is None:
        dataset.require_empty()
        started = time.perf_counter()
        dataset.fill(args.records, seed=args.seed)
        indexed = dataset.index_all()
        build_seconds = round(time.perf_counter() - started, 1)
        print(f"built {dataset.counts()} in {build_seconds} s (index {indexed['seconds']} s)", flush=True)
    if args.build_only:
        print(f"the catalogue is in {os.environ['DATABASE_URL']}; measure with --database")
        return
    load_average_at_start = os.getloadavg()

    from shuyuan.catalog.models import Record
    from shuyuan.catalog.search import SearchQuery, search

    rng = random.Random(args.seed)
    titles = list(Record.objects.values_list("title", flat=True)[:5000])
    terms = [t[:2] for t in rng.sample(titles, min(len(titles), 50)) if len(t) >= 2]
    ids = list(Record.objects.values_list("pk", flat=True)[:5000])
    bare = []
    for term in terms * 4:
        t0 = time.perf_counter()
        search(SearchQuery(term, limit=20))
        bare.append(time.perf_counter() - t0)

    server, port = start_shuyuan_serve(dict(os.environ), workers=args.workers, threads=args.threads)
    base = f"http://127.0.0.1:{port}"
    results: dict[str, Any] = {"bare search call": percentiles(bare)}
    try:
        search_urls = [f"{base}/search/?q={urllib.parse.quote(rng.choice(terms))}" for _ in range(args.requests)]
        record_urls = [f"{base}/record/{rng.choice(ids)}/" for _ in range(args.requests)]
        load(search_urls[:20], 4)  # warm up
        for clients in (1, 20):
            results[f"search page, {clients} clients"] = load(search_urls, clients)
            results[f"record page, {clients} clients"] = load(record_urls, clients)
        _t, html = fetch(search_urls[0])
        _t, css = fetch(f"{base}/static/shuyuan/public.css")
        results["results page weight"] = {
            "html_bytes": len(html), "css_bytes": len(css), "js_bytes": 0,
            "gzipped_bytes": len(gzip.compress(html)) + len(gzip.compress(css)),
        }  # fmt: skip
        sru = [
            f"{base}/sru?version=1.2&operation=searchRetrieve&maximumRecords=50&recordSchema=marcxml"
            f"&query={urllib.parse.quote('cql.anywhere=' + rng.choice(terms)[:1])}"
            for _ in range(50)
        ]
        results["SRU 50 MARCXML"] = load(sru, 1)
        started = time.perf_counter()
        url, harvested, pages = f"{base}/oai?verb=ListRecords&metadataPrefix=oai_dc", 0, 0
        while url:
            _t, body = fetch(url)
            text = body.decode()
            harvested += text.count("<record>")
            pages += 1
            token = text.split("<resumptionToken>")[1].split("<")[0] if "<resumptionToken>" in text else ""
            url = f"{base}/oai?verb=ListRecords&resumptionToken={token}" if token else ""
        results["OAI-PMH full harvest"] = {
            "records": harvested, "requests": pages, "seconds": round(time.perf_counter() - started, 1)
        }  # fmt: skip
    finally:
        server.terminate()
        server.wait(20)
    results["ratio search page p50 / bare search p50"] = round(
        results["search page, 1 clients"]["p50_ms"] / max(results["bare search call"]["p50_ms"], 0.01), 1
    )
    out = {
        "benchmark": "opac",
        "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "engine": "postgresql" if os.environ["DATABASE_URL"].startswith("postgres") else "sqlite",
        "records": dataset.counts(),
        "build_seconds": build_seconds,
        "load_average_at_start": load_average_at_start,
        "load_average_at_end": os.getloadavg(),
        "results": results,
    }
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"opac-{out['engine']}-{out['records']['records']}.json"
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False))
    for name, figures in results.items():
        print(f"{name:40} {json.dumps(figures, ensure_ascii=False)}")


if __name__ == "__main__":
    main()
