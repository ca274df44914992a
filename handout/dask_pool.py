"""Run a batch on a Dask cluster (`--executor dask://HOST:PORT`) through the standard
`concurrent.futures.Executor` that Dask distributed gives (`Client.get_executor`).

The shared `Job` (the validated leaflet, paper, options) is scattered to every worker once;
each row is one task that returns the row's files or its problems, exactly as in a local
process pool, so the files are the same bytes. The workers need handout installed (the same
version): they import `handout.patients.render_row`. Only `distributed` is needed, and only
here (`pip install handout[dask]`).
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from urllib.parse import urlsplit

from handout.errors import HandoutError, InputError
from handout.patients import Job, Pool

CONNECT_SECONDS = 10


def address(url: str) -> str:
    """`dask://HOST:PORT` as the scheduler's `tcp://HOST:PORT`; InputError for anything else."""
    parts = urlsplit(url)
    if parts.scheme != "dask" or not parts.hostname or not parts.port or parts.path:
        raise InputError.single(f"--executor '{url}' is not a Dask scheduler address",
                                hint="write dask://HOST:PORT, e.g. dask://scheduler.example.org:8786")
    return f"tcp://{parts.hostname}:{parts.port}"


def pool(url: str) -> Pool:
    """A batch pool on the Dask scheduler at `url` (its workers, not `--jobs`, set the pace)."""
    scheduler = address(url)

    @contextmanager
    def connected(_workers: int, job: Job) -> Iterator[tuple[Executor, object]]:
        try:
            from distributed import Client
        except ImportError:
            raise InputError.single("--executor dask:// needs Dask distributed",
                                    hint="pip install 'handout[dask]'") from None
        try:
            client = Client(scheduler, timeout=CONNECT_SECONDS, set_as_default=False)
        except (OSError, TimeoutError) as err:
            raise HandoutError.single(f"cannot reach the Dask scheduler at {scheduler} ({err})",
                                      hint="check the address and that the scheduler runs",
                                      ) from None
        with client:  # closing the client cancels whatever it still runs (Ctrl-C)
            shared = client.scatter(job, broadcast=True)
            yield client.get_executor(pure=False), shared

    return connected
