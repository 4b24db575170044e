"""Crawl benchmark (not a test): a first crawl of a generated mirror of the four sites, side by side with the crawler
of another commit, a fetch-only spider and trafilatura's own command line, on the same server and pages.

    python bench/crawl.py [--articles 500] [--per-page 10] [--seed 0] [--base main] [--rounds 2] [--json PATH]
                          [--out DIR]

Builds the four sample sites (``--articles`` in-section articles each, 2,000 in all by default) in the sites' own
markup, renders every page up front and serves them on 127.0.0.1 (ansinh.samples). Then runs, one after the
other, each as a child process timed from start to exit (start-up and imports included), base and crawl
``--rounds`` times each in turn (base, crawl, fetch-only, trafilatura, crawl, base: this machine's speed drifts
from minute to minute by more than the differences measured, so each ratio is of neighbours):

- base: ``python -m ansinh crawl`` of the ``--base`` commit (its files taken with ``git archive``, run with this
  Python and libraries) into a fresh archive: the crawler as it stood;
- crawl: this checkout's ``ansinh crawl --db DIR/archive.db --quiet --mirror ...`` into a fresh archive, as a user
  runs it; every in-section article must be stored (exits non-zero otherwise);
- fetch-only: bench/fetch_only.py, a plain Scrapy spider that fetches the very URLs the crawl fetched (listings,
  feeds, sitemaps, articles) with the same concurrency and does nothing with them: the machinery's ceiling;
- trafilatura: ``trafilatura -i urls.txt --parallel 4 -o DIR`` on the article URLs (fetch and extract: what a
  user would pick instead), its per-host pause (SLEEP_TIME, 5 s) set to 0 as our loopback slots have none, and its
  SSRF guard (which refuses 127.0.0.1) off.

For each: articles per second (in-section articles over wall time), CPU use (user + system seconds of the
process and every process under it, over wall time: 2.0 is both cores busy throughout), the peak RSS of the main
process (VmHWM) and of the whole process tree (summed RSS, polled every 50 ms), the CPU of this process meanwhile
(the sample server's threads and the polling: a bound on the server's share) and how long the tree's threads,
added up, waited for a free core. Ratios are between runs of this one invocation only: crawl / base is the median
of the rounds' own ratios; the contenders, which run once, right after the first round, are compared with that
round's crawl. Also the archive's bytes per article and the article pages' average size.
"""

from __future__ import annotations

import subprocess
import sys
from statistics import median
from pathlib import Path

import trafilatura

from ansinh.samples import serve
from common import arguments, check_stored, crawl, finish, fresh, measure, query, sample_sites, size

MIB = 1024 * 1024
HERE = Path(__file__).resolve().parent


def checkout(ref: str, folder: Path) -> Path:
    """The files of commit ``ref`` in ``folder`` (git archive: the repository's worktrees are left alone)."""
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(HERE.parent), "archive", ref], check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


# trafilatura's settings changed for a local server: no pause between requests to one host (our loopback slots
# have none), and loopback addresses allowed (its SSRF guard refuses them).
TRAFILATURA_LOCAL = {"SLEEP_TIME": "0", "SSRF_PROTECTION": "off"}


def trafilatura_config(folder: Path) -> Path:
    """trafilatura's default settings, with :data:`TRAFILATURA_LOCAL`."""
    lines = (Path(trafilatura.__file__).parent / "settings.cfg").read_text().splitlines()
    path = folder / "trafilatura.cfg"
    path.write_text("\n".join(next((f"{name} = {value}" for name, value in TRAFILATURA_LOCAL.items()
                                    if line.split("=")[0].strip() == name), line) for line in lines))
    return path


def line(label: str, run, articles: int, note: str) -> str:
    return (f"{label:<13}{articles / run.seconds:6.1f} articles/s  {run.seconds:6.1f} s wall  "
            f"CPU {run.cpu_seconds:6.1f} s = {run.cores:.2f} cores (+ server and polling "
            f"{run.server_cpu_seconds / run.seconds:.2f}; "
            f"waited for a core {run.waited_seconds:5.1f} s)  peak RSS {run.peak_rss_mib:4.0f} MiB "
            f"(tree {run.tree_rss_mib:4.0f} MiB, {run.processes} processes)  {note}")


def figures(run, articles: int) -> dict:
    return {"seconds": round(run.seconds, 2), "articles_per_second": round(articles / run.seconds, 2),
            "cpu_seconds": round(run.cpu_seconds, 2), "cores": round(run.cores, 2),
            "peak_rss_mib": round(run.peak_rss_mib, 1), "tree_rss_mib": round(run.tree_rss_mib, 1),
            "processes": run.processes, "waited_seconds": round(run.waited_seconds, 2),
            "server_cpu_seconds": round(run.server_cpu_seconds, 2)}


def main() -> None:
    args = arguments(__doc__, "crawl", ("--base", {"default": "main", "help": "commit of the crawler to compare "
                                                    "with (default main); '' to skip it"}),
                     ("--rounds", {"type": int, "default": 2, "help": "crawls of each of base and this checkout, "
                                                                       "in turn (default 2)"}))
    if args.rounds < 1:
        sys.exit("--rounds must be at least 1")
    fresh(args.out)
    sites = sample_sites(args)
    page_sizes = {key: sum(len(site.get(a.path).body) for a in site.articles) / len(site.articles)
                  for key, site in sites.items()}
    code = checkout(args.base, args.out / "base-code") if args.base else None

    with serve(sites) as server:
        runs: dict[str, list] = {"base": [], "crawl": []}
        ran: list[tuple[str, int]] = []  # (name, number) in the order run

        def crawl_round(name: str) -> None:
            db = args.out / f"{name}-{len(runs[name]) + 1}" / "archive.db"
            db.parent.mkdir()
            runs[name].append(crawl(db, server, log=name, code=code if name == "base" else None))
            ran.append((name, len(runs[name])))
            stored_by[name] = check_stored(db, sites)
            done = server.requests.reset()
            if name == "crawl":
                hits[:] = done

        # Base and crawl in turn, each round in the other order than the last (base, crawl, crawl, base, ...): the
        # machine's speed drifts between runs by more than the difference measured, and neighbours see about the
        # same machine.
        stored_by, hits = {}, []  # articles stored by base and crawl; the last crawl's requests
        order = [("base", "crawl") if index % 2 == 0 else ("crawl", "base") for index in range(args.rounds)]
        for index, pair in enumerate(order):
            for name in pair if args.base else ("crawl",):
                crawl_round(name)
            if index == 0:
                # The contenders run once, right after the first round, and are compared with its crawl.
                fetched = args.out / "fetched.txt"
                fetched.write_text("".join(f"{server.url(h.site).rstrip('/')}{h.path}\n" for h in hits))
                runs["fetch-only"] = [measure([sys.executable, str(HERE / "fetch_only.py"), str(fetched)],
                                              args.out / "fetch-only.out", args.out / "fetch-only.err")]
                ran.append(("fetch-only", 1))
                articles = args.out / "articles.txt"
                articles.write_text("".join(f"{server.url(key).rstrip('/')}{a.path}\n"
                                            for key, site in sites.items() for a in site.articles))
                extracted = args.out / "trafilatura"
                runs["trafilatura"] = [measure(
                    [str(Path(sys.executable).with_name("trafilatura")), "-i", str(articles), "--parallel", "4",
                     "-o", str(extracted), "--config-file", str(trafilatura_config(args.out))],
                    args.out / "trafilatura.out", args.out / "trafilatura.err")]
                ran.append(("trafilatura", 1))
                server.requests.reset()
    if not args.base:
        del runs["base"]
    if "base" in stored_by:
        assert stored_by["base"] == stored_by["crawl"]
    stored = stored_by["crawl"]
    db = args.out / f"crawl-{len(runs['crawl'])}" / "archive.db"
    # trafilatura spreads its files over numbered subfolders.
    extracted_files = sum(1 for path in extracted.rglob("*") if path.is_file()) if extracted.exists() else 0
    sources = query(db, "select text_source, count(*) as n from articles group by 1 order by 2 desc")
    db_bytes, wal_bytes = size(db), size(db.with_name(db.name + "-wal"))

    # The contenders against their neighbour, the first round's crawl; crawl / base, the median of each round's.
    rate = {name: stored / runs[name][0].seconds for name in ("crawl", "fetch-only", "trafilatura")}
    pairs = [base.seconds / mine.seconds for base, mine in zip(runs.get("base", []), runs["crawl"])]
    lines = [
        f"sample sites   {len(sites)} × {args.articles} in-section articles, {args.per_page} per listing page; "
        f"{stored} articles, {len(hits)} requests ({sum(h.bytes for h in hits) / MIB:.1f} MiB) per crawl",
    ]
    notes = {"base": f"`ansinh crawl` of {args.base}", "crawl": "`ansinh crawl` of this checkout",
             "fetch-only": f"plain Scrapy, the crawl's {len(hits)} URLs, nothing done",
             "trafilatura": f"CLI --parallel 4 on the {stored} article URLs ({extracted_files} files written)"}
    labels = [f"{name} {number}" if len(runs[name]) > 1 else name for name, number in ran]
    for label, (name, number) in zip(labels, ran):
        lines.append(line(label, runs[name][number - 1], stored, notes[name]))
    if pairs:
        lines.append(f"ratio          crawl / base = {median(pairs):.2f}× (goal ≥ 2; round by round: "
                     f"{', '.join(f'{pair:.2f}×' for pair in pairs)})")
    lines += [
        f"ratio          crawl 1 / trafilatura CLI = {rate['crawl'] / rate['trafilatura']:.2f}× (goal ≥ 2)",
        f"ratio          fetch-only / crawl 1 = {rate['fetch-only'] / rate['crawl']:.2f}× (goal ≤ 2: within 2× of "
        f"the ceiling)",
        f"archive        {(db_bytes + wal_bytes) / stored / 1024:.1f} KiB per article (archive.db "
        f"{db_bytes / MIB:.1f} MiB + -wal {wal_bytes / MIB:.1f} MiB); text_source: "
        + ", ".join(f"{r['text_source']} {r['n']}" for r in sources),
        "article pages  average size per site: " + ", ".join(f"{k} {v / 1024:.1f} KiB" for k, v in page_sizes.items()),
    ]
    finish(args, "crawl benchmark", lines, {
        "articles_per_site": args.articles, "per_page": args.per_page, "articles": stored, "base": args.base,
        "requests_per_crawl": len(hits),
        "runs": {name: [figures(run, stored) for run in done] for name, done in runs.items()},
        "order": labels,
        "ratios": {**({"crawl_over_base": round(median(pairs), 3),
                       "crawl_over_base_by_round": [round(pair, 3) for pair in pairs]} if pairs else {}),
                   "crawl_over_trafilatura": round(rate["crawl"] / rate["trafilatura"], 3),
                   "fetch_only_over_crawl": round(rate["fetch-only"] / rate["crawl"], 3)},
        "archive_bytes_per_article": round((db_bytes + wal_bytes) / stored),
        "trafilatura_files": extracted_files,
        "article_page_bytes_avg": {key: round(avg) for key, avg in page_sizes.items()},
        "text_sources": {r["text_source"]: r["n"] for r in sources},
    })


if __name__ == "__main__":
    main()
