"""The parameters of a solve: time limit, workers, seed, and the search's switches that users and
benchmarks set (roster/solver/tuning.py holds the search's own constants)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SolveParams:
    time_limit: float = 60.0
    workers: int = field(default_factory=lambda: min(8, os.cpu_count() or 1))
    seed: int = 0
    log: bool = False  # CP-SAT's own search log on stderr
    open_shifts: bool = False  # staffing the staff cannot meet lawfully is left open (coverage relaxed)
    deterministic: bool = True  # with one worker, stop on CP-SAT's deterministic clock (reproducible)
    # With 2 or more workers, half as many threads (at least one) re-solve blocks of people
    # (roster/solver/improve.py) beside the full model's search, which keeps all its workers (with
    # `handover`, until its LP shows no bound): taking one of its two workers from the start cost
    # the proofs on Curtois-Qu 4, 5 and 7 in 60 s, while sharing the cores kept them, and on every
    # Curtois-Qu file measured for 10 minutes the rosters were as good or better
    # (benchmarks/README.md). Not beside a search case by case, which improves the roster and the
    # bound of the three-shift norm's instances more (Saltdal 2025).
    people_search: bool = True
    # Beside the search over people: when the full search's LP shows no bound within a quarter of the
    # time, its core goes to the search over people (roster/solver/handover.py). In 10 minutes it
    # gained 10-32 % on Curtois-Qu 13, 20, 21 and 23 and lost 2-5 % on 19 (three seeds; benchmarks/README.md).
    handover: bool = True
    # Memory the solve may take, in GB: a model whose usual search would likely need more gets a lean
    # one (roster/solver/memory.py), with `handover` handed over from the start. 8 GB leaves an
    # office PC or laptop of 16 GB room for everything else (an assumption; issue 7 asks Curtois-Qu
    # 24 to stay under 8 GB).
    memory_gb: float = 8.0
    implied: bool = True  # the implied constraints of roster/solver/redundant.py
    cases: bool = True  # search case by case on decisions the LP cannot see (roster/solver/cases.py)
    # Searching case by case, first a roster that meets every standard (roster/solver/standards.py).
    standards: bool = True
    # Dual simplex iterations the LP worker may spend on its first LP. CP-SAT's default, 2000, left
    # that LP unfinished on Curtois-Qu 12 (it needs 75 000, 56 s), so the search had no bound and no
    # LP solution to guide it: in 10 minutes 4230 capped against 4046 (bound 4038) uncapped
    # (benchmarks/README.md, "The first LP, uncapped"). In effect no cap: the time limit stops it.
    # With one worker CP-SAT's cap stays (see roster/solver/cpsat.py).
    root_lp_iterations: int = 1_000_000
    # CP-SAT's feasibility pump. Its own model and LP hold 2.5 GB of Curtois-Qu 24's 11.6 GB peak,
    # and CP-SAT's logs show it finding no roster, but without it 10-minute solves of Curtois-Qu 15
    # (4270 against 4079) and 12 (4148 against 4046 on seed 0, 4051 against 4046 on seed 1) ended
    # worse (benchmarks/README.md, "The feasibility pump and Instance24's memory"): on until more
    # seeds say otherwise.
    feasibility_pump: bool = True

    @property
    def relax(self) -> frozenset[str]:
        return frozenset({"coverage"}) if self.open_shifts else frozenset()

    @property
    def reproducible(self) -> bool:
        """One worker stops on CP-SAT's deterministic clock: the same seed gives the same roster
        however busy the machine is."""
        return self.workers == 1 and self.deterministic

    @property
    def wall_limit(self) -> float:
        """The wall clock's limit: the time limit, or beside the deterministic clock a safety net wide
        enough for a loaded machine (one deterministic second took 4 s of wall time on the shared
        2-core machine)."""
        return 10 * self.time_limit if self.reproducible else self.time_limit
