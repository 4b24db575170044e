"""Fault benchmark (not a test): crawls against a server that misbehaves at random, killed at random moments.

    python bench/faults.py [--articles 60] [--rate 0.1] [--kills 10] [--runs 8] [--seed 0] [--json PATH] [--out DIR]

Serves the sample sites (``--sites``: the four news sites by default; ``--articles`` each) on 127.0.0.1 with faults injected at random
(``SampleServer.randomly``: each request but robots.txt, with probability ``--rate``, is answered with a 5xx, a
cut-off body, an empty 200, a redirect loop, wrong charset labels, a Retry-After or a dropped connection, drawn
from ``--seed``). ``ansinh crawl`` is SIGKILLed ``--kills`` times mid-crawl, once the server has answered a
random 5 to 80 of that run's requests (integrity_check after each), then run to completion up to ``--runs``
times, faults still on. Between runs the clock is moved on past the failures' backoff (their ``next_due``
set to now), as if the runs were the scheduled ones hours apart. Then it reports pages served, faults by kind, articles expected, archived, lost and stored twice.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from ansinh.samples import serve
from common import ansinh_command, arguments, article_url, finish, fresh, query, sample_sites


def main() -> None:
    args = arguments(__doc__, "faults", ("--rate", {"type": float, "default": 0.1, "help": "share of requests hit"}),
                     ("--kills", {"type": int, "default": 10, "help": "crawls killed at random moments"}),
                     ("--runs", {"type": int, "default": 8, "help": "crawls to completion, at most"}))
    if args.articles == 500:  # the shared default is for the speed benchmarks
        args.articles = 60
    db = fresh(args.out)
    sites = sample_sites(args)
    moments = random.Random(args.seed)
    with serve(sites, stop_after=3600) as server:
        faults = server.randomly(args.seed, rate=args.rate)
        command = [*ansinh_command(), "crawl", "--db", str(db), "--quiet", *server.mirror_args(), *server.mirrors()]
        survived = 0
        for _ in range(args.kills):
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                       stdin=subprocess.DEVNULL)
            # Mid-crawl: once the server has answered a random number of this run's requests.
            target, deadline = len(server.requests) + moments.randint(5, 80), time.monotonic() + 60
            while len(server.requests) < target and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.005)
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            if db.exists() and query(db, "pragma integrity_check")[0]["integrity_check"] != "ok":
                sys.exit("FAILED: integrity_check after a kill")
            survived += 1
        statuses = []
        for _ in range(args.runs):
            # The scheduled runs would be hours apart: every failure waiting out its backoff is due again.
            if db.exists():
                with __import__("sqlite3").connect(db) as conn:
                    conn.execute("update failures set next_due = last_seen where given_up is null")
            result = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL)
            statuses.append(result.returncode)
            if result.returncode == 0:
                break
        served = len(server.requests)
        injected = dict(sorted(faults.injected.items()))
    wanted = {article_url(key, a.path) for key, site in sites.items() for a in site.articles}
    stored = [row["url"] for row in query(db, "select url from articles")]
    lost, twice = wanted - set(stored), len(stored) - len(set(stored))
    given_up = query(db, "select count(*) n from failures where given_up is not null")[0]["n"]
    lines = [
        f"pages served          {served}",
        f"faults injected       {sum(injected.values())}: " + ", ".join(f"{k} {n}" for k, n in injected.items()),
        f"kills survived        {survived} of {args.kills} (integrity_check ok after each)",
        f"runs to completion    {len(statuses)} (exit statuses {statuses})",
        f"articles expected     {len(wanted)}",
        f"articles archived     {len(set(stored) & wanted)}",
        f"lost                  {len(lost)}" + (f" (e.g. {sorted(lost)[:3]})" if lost else ""),
        f"stored twice          {twice}",
        f"given up              {given_up}",
    ]
    finish(args, f"faults: {args.articles} articles x {len(sites)} sites, rate {args.rate}, seed {args.seed}", lines,
           {"served": served, "injected": injected, "kills": survived, "runs": statuses, "expected": len(wanted),
            "archived": len(set(stored) & wanted), "lost": len(lost), "twice": twice, "given_up": given_up})
    if lost or twice:
        sys.exit(1)


if __name__ == "__main__":
    main()
