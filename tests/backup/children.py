"""What the fault and concurrency tests run in other processes (`python -m tests.backup.children`
for the ones the parent kills; multiprocessing's spawn for the concurrent writers)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any


def _pause(message: str) -> None:
    """Tell the parent we are midway, then wait on stdin: the parent kills us here."""
    print(message, flush=True)
    sys.stdin.readline()
    raise SystemExit("the parent was meant to kill this process")


def import_then_pause(url: str, directory: str, after: int) -> None:
    """`tracker import DIR`, stopping inside its transaction once `after` files are stored."""
    import tracker.services.resolutions as resolutions
    from tracker.cli import main

    original = resolutions.import_resolution
    done = 0

    def import_and_count(session: Any, *args: Any, **kwargs: Any) -> Any:
        nonlocal done
        resolution = original(session, *args, **kwargs)
        session.flush()
        done += 1
        if done == after:
            _pause(f"midway: {done} files imported")
        return resolution

    resolutions.import_resolution = import_and_count  # type: ignore[assignment]
    main(["--database", url, "import", directory], standalone_mode=False)


def restore_then_pause(url: str, archive: str, table: str) -> None:
    """`tracker restore --force`, stopping inside its transaction once `table` is restored."""
    from tracker.db import make_engine
    from tracker.ops.backup import restore_backup

    def progress(name: str, rows: int) -> None:
        if name == table:
            _pause(f"midway: {rows} rows of {name} restored")

    restore_backup(make_engine(url), Path(archive), force=True, progress=progress)


def record_updates(
    url: str, demand_id: int, user_id: int, source_id: int, worker: int, count: int, barrier: Any
) -> None:
    """One of the concurrent writers: `count` status updates on one demand, no retry."""
    from tracker.db import begin_write, make_engine, make_sessionmaker
    from tracker.models import Demand, Source, Status, User
    from tracker.services.followup import record_status_update

    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    barrier.wait(timeout=120)
    for i in range(count):
        with sessions() as session:
            begin_write(session)  # what every CLI write command and POST request does
            demand = session.get(Demand, demand_id)
            user = session.get(User, user_id)
            source = session.get(Source, source_id)
            assert demand is not None and user is not None and source is not None
            record_status_update(
                session,
                demand,
                status=Status.NOT_IMPLEMENTED,
                # Later for every (i, worker): the truly latest is the last worker's last one.
                assessed_on=dt.date(2000, 1, 1) + dt.timedelta(days=i * 8 + worker),
                sources=[source],
                note=f"worker {worker} update {i}",
                actor=user,
            )
            session.commit()
    engine.dispose()


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "import":
        import_then_pause(args[0], args[1], int(args[2]))
    elif command == "restore":
        restore_then_pause(args[0], args[1], args[2])
    else:
        raise SystemExit(f"unknown command {command!r}")
