"""Benchmark: blocks of people against windows of days, from the same roster.

The search over people (roster/solver/improve.py) runs one thread for `--warm` seconds from a
roster made a person at a time; from the roster it reaches, each configuration then searches alone
for `--time-limit` seconds (one thread, no CP-SAT beside it), and one JSON line per configuration
(`--config`, repeatable; default all) gives the cost reached, re-checked by the independent checker:

    .venv/bin/python benchmarks/neighbourhoods.py ../shared/benchmarks/curtois-qu/Instance12.txt \\
        --warm 120 --time-limit 60 --seed 1
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from roster.check import check  # noqa: E402
from roster.io.curtois_qu import read_curtois_qu  # noqa: E402
from roster.solver.improve import Window, _Search  # noqa: E402
from roster.solver.model import build  # noqa: E402
from roster.solver.start import first_roster  # noqa: E402

# (windows of days, blocks of people, blocks held outside a span of days)
CONFIGS = {
    "people": (False, True, False),
    "days": (True, False, False),
    "both": (True, True, False),
    "spans": (False, True, True),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--warm", type=float, default=120.0)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--config", action="append", choices=sorted(CONFIGS))
    args = parser.parse_args()
    for path in args.files:
        p = read_curtois_qu(path).period()
        made = first_roster(p)
        warm = _Search(p, made, check(p, made).soft_cost, None, time.monotonic() + args.warm)
        warm.run(0)
        configs = args.config or list(CONFIGS)
        window = Window.of(build(p)) if any(CONFIGS[c][0] for c in configs) else None
        for config in configs:
            windows, blocks, spans = CONFIGS[config]
            if window is None and windows:  # the model is too large for windows (Window.of)
                print(json.dumps({"instance": path.stem, "config": config, "skipped": "no windows"}))
                continue
            search = _Search(
                p,
                warm.roster,
                warm.cost,
                None,
                time.monotonic() + args.time_limit,
                window if windows else None,
                blocks=blocks,
                spans=spans,
            )
            search.run(args.seed)
            report = check(p, search.roster)
            row = {"instance": path.stem, "config": config, "start": warm.cost, "end": search.cost}
            row |= {"checked": report.soft_cost, "hard": len(report.hard), "seconds": args.time_limit}
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
