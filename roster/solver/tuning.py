"""The search's tuning constants, in one place, each with the measurement that set it (or, where
none was made yet, what it assumes). A constant here is changed only by a benchmark over the whole
zoo (benchmarks/zoo.py) and the Curtois-Qu files; experiments that lost stay in benchmarks/."""

# ---- the floor: fewest open shifts, then fewest visits not made (roster/solver/floor.py) --------

# The share of the time limit the floor's search for the fewest open shifts may take (longer only
# until its first roster). It ends as soon as its count is proven, which for a unit that can be
# fully staffed is its first roster with none open. Assumption, to be measured on the zoo: a fifth
# leaves the soft rules most of the time where the proof is hard.
FLOOR_OPEN = 0.2
# The same for the visits not made, with the open shifts held. A tenth, then three tenths, were too
# short for one worker on the wall clock (each run of `roster whatif` on 2 cores): Saltdal 2025 at
# 60 s left up to 20 visits not made in what-if rows whose floor is 0, which 8-15 s of the step
# proved (benchmarks/README.md, "Visits in the what-if rows, second session"). Visits come before
# the soft rules; the step still ends at its proof.
FLOOR_VISITS = 0.5

# ---- the search case by case (roster/solver/cases.py) -------------------------------------------

# A case's first look: presolve, the LP and a first roster take about 3 s on Saltdal (2 workers).
CASE_SECONDS = 3.0
# The share of the time limit the first looks take, shared out between the cases. A quarter split
# one decision fewer on Saltdal 2025 and ended worse, 380 / 328 against 373 / 340 (benchmarks/README.md).
FIRST_LOOKS = 0.5
# The share of the time limit probing may take. Each probe is a presolve of the whole model: all of
# Saltdal's take 1.6 s on 2 workers, but probing the 24 night workers of 100 generated staff took 55
# of 120 s, and the cases were then too short for a roster (benchmarks/README.md).
PROBING = 0.1
# How many of the split decisions' counts (Variables.split_counts) a case is split on once more,
# smallest position first. Saltdal 2025, 120 s, seed 0, a prototype: on two, 360 / 357; on all
# three, 368 / 344 (benchmarks/README.md).
NIGHT_COUNTS = 2

# ---- rosters that meet every standard (roster/solver/standards.py) ------------------------------

# The share of the time limit the search may take at most. Saltdal 2025: about 9 s of a 60-s solve.
STANDARDS = 0.3
# Seconds without a better roster that end the search: it cannot prove its best (its LP sees the
# standards no better than the whole model's does), and on Saltdal each better roster followed the
# one before within 2.5 s.
STALL = 3.0
