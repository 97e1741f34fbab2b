"""Where a batch's chunks are simulated: here, in a local process pool, or on a Dask cluster.

An executor takes the batch's jobs and reports each finished chunk through
`done(job, Done)`; everything else (the manifest, resume, interruption) stays in
:mod:`sim.store.batch`, whichever executor runs the chunks. The built-in workers
simulate a chunk and write its file themselves (:func:`sim.store.chunk_jobs.run_job`). Dask
workers only simulate it (:func:`sim.store.chunk_jobs.compute_job`): the table comes back to
the submitting process, which writes it with the same writer
(:func:`sim.store.chunk_jobs.save_job`), so the folder is the same byte for byte and only the
submitting machine needs the disk.

Dask is optional: ``pip install "alliance-sim[dask]"``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.store import orphan_guard
from sim.store.scheduler_probe import NotAScheduler, probe_scheduler
from sim.store.stop_signals import stop_noted, until_stopped

if TYPE_CHECKING:  # imported where used: a spawned worker imports this module before its
    # guard is set, and the engine's imports take seconds on a loaded machine
    from sim.store.chunk_jobs import Done, Job

SCHEDULER_TIMEOUT = 5.0
"""Seconds to wait for a `--scheduler` to answer before giving up (nothing is written)."""

CLOSE_SECONDS = 5.0
"""Seconds a Dask client or local cluster may take to close."""

INSTALL_DASK = 'pip install "alliance-sim[dask]" (or pip install "dask[distributed]")'

LOCAL_CLUSTER_CONFIG = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
}
"""Dask settings for `--dask-local`. Dask's nannies set MALLOC_TRIM_THRESHOLD_=65536 in each
worker, which turns off glibc's adaptive mmap threshold: every large NumPy array is then
mapped and unmapped afresh, and a chunk took 3.0-5.5 s instead of 1.0-1.2 s (50,000 POW
replicates). The statistical profiler feeds only the dashboard, which is off."""

SLOW_MALLOC = "MALLOC_TRIM_THRESHOLD_"


class BackendError(ValueError):
    """The options name no usable executor (nothing has been written)."""


class WorkerLost(RuntimeError):
    """A worker (or the cluster) went away mid-batch: the batch is interrupted, not failed."""


class Executor(ABC):
    """Runs jobs and calls `done(job, result)` in this process as each chunk is saved."""

    @abstractmethod
    def run(self, jobs: Sequence[Job], done: Callable[[Job, Done], None]) -> None: ...

    def close(self) -> None:
        """Release the workers (a cluster this executor started stops)."""
        return None

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class LocalWorkers(Executor):
    """The built-in workers: this process alone, or a pool of `workers` spawned processes."""

    def __init__(self, workers: int = 1):
        self.workers = workers

    def run(self, jobs: Sequence[Job], done: Callable[[Job, Done], None]) -> None:
        from sim.store import chunk_jobs  # looked up now: tests replace chunk_jobs.run_job

        if self.workers <= 1 or len(jobs) <= 1:
            for job in jobs:
                done(job, chunk_jobs.run_job(job))
            return
        # spawn, explicitly: mesa forces it at import anyway, and it copies no threads or locks
        context = multiprocessing.get_context("spawn")
        pool = ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
        )
        try:
            futures = {pool.submit(chunk_jobs.run_job, job): job for job in jobs}
            with stop_noted() as stop:
                for future in until_stopped(futures, stop):
                    done(futures[future], future.result())
        except BrokenProcessPool:
            raise WorkerLost("a worker process died") from None
        finally:
            _shutdown(pool)


def _shutdown(pool: ProcessPoolExecutor) -> None:
    """Drop queued chunks and let running ones finish; on a second Ctrl-C, stop them now."""
    try:
        pool.shutdown(wait=True, cancel_futures=True)
    except KeyboardInterrupt:
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)


def _start_worker(parent: int) -> None:
    """Workers leave Ctrl-C to the parent, which stops the batch in order, and die with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    orphan_guard.exit_with_parent(parent)


class DaskExecutor(Executor):
    """Chunks as tasks of a dask.distributed cluster; tables are gathered and saved here.

    At most a few chunks per worker thread are in flight, so results waiting to be
    written never pile up in the workers' memory. Ctrl-C (KeyboardInterrupt) cancels
    every submitted task before the batch records its interruption.
    """

    def __init__(self, client, cluster=None):
        self.client, self.cluster = client, cluster
        self.slow_malloc: list[str] = []
        """Workers whose nanny set MALLOC_TRIM_THRESHOLD_ (found by `check_versions`)."""

    @classmethod
    def local(cls, workers: int) -> DaskExecutor:
        """A LocalCluster of `workers` single-threaded processes, on 127.0.0.1 only."""
        distributed = _import_distributed("--dask-local")
        if workers < 1:
            raise BackendError(f"--dask-local {workers}: give at least 1 worker process")
        import dask

        with _workers_ignore_ctrl_c(), dask.config.set(LOCAL_CLUSTER_CONFIG):
            cluster = distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                scheduler_port=0,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        try:
            client = distributed.Client(cluster, set_as_default=False)
        except BaseException:
            cluster.close()
            raise
        return cls(client, cluster)

    @classmethod
    def connect(cls, address: str, timeout: float | None = None) -> DaskExecutor:
        """A client of the scheduler at `address`; BackendError if it does not answer in time."""
        distributed = _import_distributed("--scheduler")
        timeout = SCHEDULER_TIMEOUT if timeout is None else timeout
        scheme, location = distributed.comm.parse_address(address)
        if scheme not in distributed.comm.registry.backends or not location:
            raise BackendError(
                f"--scheduler {address}: not a Dask scheduler address (tcp://HOST:PORT, "
                "as the scheduler or `cluster.scheduler_address` prints it)"
            )
        try:
            probe_scheduler(address, timeout)
            client = distributed.Client(address, timeout=timeout, set_as_default=False)
        except (NotAScheduler, OSError, ValueError, TypeError) as error:
            raise BackendError(
                f"--scheduler {address}: {error}; check that the scheduler is running and "
                "the address (tcp://HOST:PORT)"
            ) from None
        executor = cls(client)
        try:
            executor.check_versions()
        except BaseException:
            executor.close()
            raise
        return executor

    def check_versions(self) -> None:
        """The connected workers must run this very engine (they simulate the chunks): the same
        engine fingerprint (:mod:`sim.store.provenance`), not only the same version string."""
        from sim import __version__
        from sim.store.provenance import engine_fingerprint, short

        try:
            found = self.client.run(_worker_engine)
        except Exception as error:
            raise BackendError(
                f"the Dask workers cannot import alliance-sim ({error}); install alliance-sim "
                f"{__version__} in the workers' environment"
            ) from None
        self.slow_malloc = sorted(worker for worker, (*_, slow) in found.items() if slow)
        ours = engine_fingerprint()
        other = {
            worker: f"{version} (engine {short(fingerprint)})"
            for worker, (version, fingerprint, _) in found.items()
            if fingerprint != ours
        }
        if other:
            shown = ", ".join(f"{worker} has {v}" for worker, v in sorted(other.items()))
            raise BackendError(
                f"the Dask workers must run the engine of this machine, alliance-sim "
                f"{__version__} (engine {short(ours)}): {shown}"
            )

    def describe(self) -> str:
        """Where the chunks run, for the user (a cluster without workers yet says so)."""
        threads = sum(self.client.nthreads().values())
        where = "a local Dask cluster" if self.cluster is not None else "the Dask cluster at "
        where += "" if self.cluster is not None else self.client.scheduler.address
        if not threads:
            return f"{where}: no workers yet, chunks wait until workers join"
        described = f"{where}: {len(self.client.nthreads())} workers, {threads} threads"
        if self.slow_malloc:
            described += (
                f" ({len(self.slow_malloc)} set {SLOW_MALLOC}, Dask's default, which makes "
                "chunks about 3x slower: see the README's cluster recipe)"
            )
        return described

    def _window(self) -> int:
        return max(4, 2 * sum(self.client.nthreads().values()))

    def run(self, jobs: Sequence[Job], done: Callable[[Job, Done], None]) -> None:
        import distributed
        from distributed.comm import CommClosedError

        from sim.store import chunk_jobs

        waiting = iter(jobs)
        running = {}
        finished = distributed.as_completed(loop=self.client.loop)

        def submit() -> None:
            window = self._window()
            while len(running) < window:
                job = next(waiting, None)
                if job is None:
                    return
                future = self.client.submit(chunk_jobs.compute_job, job, pure=False)
                running[future] = job
                finished.add(future)

        try:
            submit()
            for future in finished:
                job = running.pop(future)
                computed = future.result()
                future.release()
                submit()  # keep the workers busy while this chunk is written
                done(job, chunk_jobs.save_job(job, computed))
                del computed
        except distributed.KilledWorker as error:
            raise WorkerLost(f"a Dask worker died ({error})") from None
        except (CancelledError, asyncio.CancelledError, CommClosedError):
            raise WorkerLost("the Dask scheduler cancelled the work or went away") from None
        finally:
            if running:
                self.client.cancel(list(running), force=True)

    def close(self) -> None:
        """Close the client (and the local cluster) within bounded time; a scheduler that
        went away is not an error here: the batch has said what happened."""
        with _quiet_dask_logs(), contextlib.suppress(Exception):
            self.client.close(timeout=CLOSE_SECONDS)
        if self.cluster is not None:
            self.cluster.close(timeout=CLOSE_SECONDS)


@contextlib.contextmanager
def _quiet_dask_logs() -> Iterator[None]:
    """Dask logs, with tracebacks, the reconnection it gives up when a client closes after its
    scheduler went away; the batch has already said so in one line."""
    loggers = [logging.getLogger(name) for name in ("distributed", "distributed.client")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


@contextlib.contextmanager
def _workers_ignore_ctrl_c() -> Iterator[None]:
    """Processes started meanwhile inherit an ignored SIGINT (Python keeps it ignored), so a
    terminal's Ctrl-C reaches only this process, which cancels the tasks and stops in order."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _worker_engine() -> tuple[str, str, bool]:
    """This worker's alliance-sim version and engine fingerprint, and whether its malloc
    setting slows chunks."""
    from sim import __version__
    from sim.store.provenance import engine_fingerprint

    return __version__, engine_fingerprint(), SLOW_MALLOC in os.environ


def _import_distributed(option: str):
    try:
        import distributed
        import distributed.comm.registry
    except ImportError:
        raise BackendError(f"{option} needs Dask, which is not installed: {INSTALL_DASK}") from None
    return distributed


@dataclass(frozen=True)
class Backend:
    """The executor the command-line options ask for (checked; nothing started yet)."""

    workers: int | None = None
    dask_local: int | None = None
    scheduler: str | None = None

    def check(self) -> Backend:
        """Raise BackendError for options that do not go together or Dask missing."""
        if self.dask_local is not None and self.scheduler is not None:
            raise BackendError("give --dask-local or --scheduler, not both")
        dask = "--dask-local" if self.dask_local is not None else "--scheduler"
        if (self.dask_local is not None or self.scheduler is not None) and self.workers:
            raise BackendError(f"--workers is for the built-in workers: leave it out with {dask}")
        if self.dask_local is not None and self.dask_local < 1:
            raise BackendError(f"--dask-local {self.dask_local}: give at least 1 worker process")
        if self.dask_local is not None or self.scheduler is not None:
            _import_distributed(dask)
        return self

    def open(self, default_workers: int = 1) -> Executor:
        """Start (or connect to) the executor; BackendError if it cannot be reached."""
        if self.dask_local is not None:
            return DaskExecutor.local(self.dask_local)
        if self.scheduler is not None:
            return DaskExecutor.connect(self.scheduler)
        return LocalWorkers(self.workers or default_workers)
