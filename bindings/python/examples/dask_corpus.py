#!/usr/bin/python3
"""Score a corpus of JSON pages on a Dask cluster with newssift.

    PYTHONPATH=bindings/python /usr/bin/python3 bindings/python/examples/dask_corpus.py PAGES.jsonl \
        [-o REPORTS.jsonl] [--workers 2] [--scheduler tcp://HOST:8786] [--api bag|frame] \
        [--models DIR] [--sources FILE]...

PAGES.jsonl holds one JSON page a line ({"url", "title", "text", "comments": [...]}), as
`newssift analyze --format jsonl` reads. The reports are written one a line, in input order: the same
bytes that command writes. A summary of the verdicts goes to standard output.

Without --scheduler the script starts a LocalCluster of --workers processes on this machine; with it, it
connects to a running cluster (dask-scheduler and dask-worker, see docs/python.md), whose workers must
all see PAGES.jsonl, the library, the models and any --sources files at the same paths.

--api bag reads the file as a Dask bag of lines (newssift.dask.analyze_bag); --api frame puts the lines
in a dataframe column and adds the report columns (newssift.dask.analyze_frame). Both analyse each page
once and give the same reports.
"""

import argparse
import json
import os
import sys

import dask.bag as db
from distributed import Client, LocalCluster

import newssift.dask as nd


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pages", help="JSONL file of JSON pages")
    ap.add_argument("-o", "--output", help="reports, one JSON a line (default: none, summary only)")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default 2)")
    ap.add_argument("--scheduler", help="address of a running scheduler, e.g. tcp://10.0.0.5:8786")
    ap.add_argument("--api", choices=("bag", "frame"), default="bag")
    ap.add_argument("--models", help="models folder on the workers (default: the library's)")
    ap.add_argument("--sources", action="append", default=[], help="site reputation list (repeatable)")
    ap.add_argument("--blocksize", type=int, default=1 << 20, help="bytes of input per partition")
    args = ap.parse_args(argv)
    options = {"models": args.models, "sources": args.sources}

    if args.scheduler:
        client, cluster = Client(args.scheduler), None
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        lines = db.read_text(os.path.abspath(args.pages), blocksize=args.blocksize)
        if args.api == "bag":
            reports = nd.analyze_bag(lines, format="json", as_json=True, **options).persist()
            rows = reports.map(json.loads).map(lambda r: {"verdict": r["verdict"], "trust": r["trust"]})
            summary = rows.to_dataframe(meta={"verdict": object, "trust": "int64"})
            report_lines = reports
        else:
            frame = lines.map(lambda line: {"page": line}).to_dataframe(meta={"page": object})
            scored = nd.analyze_frame(frame, text_col="page", format="json", **options).persist()
            summary = scored[["verdict", "trust"]]
            report_lines = scored["report"]
        table = summary.groupby("verdict")["trust"].agg(["count", "mean"]).compute()
        if args.output:
            tmp = args.output + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                for line in report_lines.compute():
                    f.write(line + "\n")
            os.replace(tmp, args.output)  # never a partial file
        table.columns = ["pages", "mean trust"]
        print(table.round(1).to_string())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
