"""Ctrl-C during a search of several stages: it stops the solve running then, and every later stage
sees that the user has stopped, so the search ends with the best roster found so far.

CP-SAT's own handler (catch_sigint_signal) stops one solve and, when that solve ends, leaves SIGINT
to its default: the next stage would go on, and the next Ctrl-C kill the process. So the stages run
in a thread (`run`), the main thread alone receives KeyboardInterrupt, and each solve is started
through `watch`, which takes CP-SAT's handler off and remembers the solve to stop.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from ortools.sat.python import cp_model

T = TypeVar("T")


class Stopper:
    def __init__(self) -> None:
        self.stopped = False
        self.current: cp_model.CpSolver | None = None
        self.lock = threading.Lock()

    def watch(self, solver: cp_model.CpSolver) -> cp_model.CpSolver:
        """The solve about to start is the one Ctrl-C stops (returned, for chaining)."""
        solver.parameters.catch_sigint_signal = False
        with self.lock:
            self.current = solver
        return solver

    def stop(self) -> None:
        with self.lock:
            self.stopped = True
            if self.current is not None:
                self.current.stop_search()

    def run(self, work: Callable[[], T]) -> T:
        """`work()` in a thread, so that Ctrl-C reaches this one and stops the search."""
        outcome: list[T] = []
        failure: list[BaseException] = []
        done = threading.Event()  # waited on rather than join(): an interrupted join forgets the thread

        def target() -> None:
            try:
                outcome.append(work())
            except BaseException as exc:  # raised again in the caller's thread
                failure.append(exc)
            finally:
                done.set()

        threading.Thread(target=target, daemon=True).start()
        try:
            while not done.wait(0.2):
                pass
        except KeyboardInterrupt:
            self.stop()
            done.wait()
        if failure:
            raise failure[0]
        return outcome[0]
