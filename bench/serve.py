"""Serve the sample sites by hand: ``python bench/serve.py --articles 200 --port-base 8101``.

Prints each site's URL and the ``--mirror`` arguments for the crawler, then serves until Ctrl-C.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time

from ansinh.samples import build_sites, serve, site_keys


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python bench/serve.py", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="in-section articles per site (default 200)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--per-page", type=int, default=10, help="items per listing page (default 10)")
    parser.add_argument("--port-base", type=int, default=8101, help="first port; 0 picks free ports (default 8101)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--sites", default=",".join(site_keys()), help="comma-separated site keys (default all)")
    parser.add_argument("--rebase", action="store_true", help="absolute URLs in pages point at this server")
    args = parser.parse_args(argv)

    keys = [k.strip() for k in args.sites.split(",") if k.strip()]
    unknown = [k for k in keys if k not in site_keys()]
    if unknown:
        parser.error(f"unknown site(s) {', '.join(unknown)}; the sample sites are: {', '.join(site_keys())}")
    started = time.perf_counter()
    sites = build_sites(args.articles, args.seed, args.per_page, keys)
    server = serve(sites, port_base=args.port_base or None, host=args.host, rebase=args.rebase)
    print(f"built {len(sites)} site(s) of {args.articles} articles in {time.perf_counter() - started:.2f} s")
    for key, url in server.mirrors().items():
        print(f"  {key:<13} {url}{sites[key].sections[0].url}")
    print("mirror arguments:")
    print("  " + " ".join(server.mirror_args()))
    print("Ctrl-C to stop.", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        print(f"\n{len(server.requests)} request(s) served.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
