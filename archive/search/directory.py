"""Where the index lives on disk: versions side by side, and a link naming the live one.

The configured PATH holds versioned directories (``index-20250101T120000Z-1a2b3c``) and a
symbolic link ``current`` to the live one. A rebuild fills a new version while searches keep
reading the live one, then switches the link with os.replace, which is atomic: every process
sees the old index or the new one, never a half-built one, and a rebuild that dies (or is
killed) leaves the old index serving. One rebuild runs at a time.

While a rebuild runs, writers add the interviews they change to its journal, and the rebuild
re-reads those from the database before it switches, so no change made meanwhile is lost.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.util.filelock import try_for

LIVE = "current"
BUILDING = "building"
JOURNAL = "changed-interviews"
REBUILD_LOCK = "rebuild.lock"
VERSION_PREFIX = "index-"
WRITE_LOCK = "MAIN_WRITELOCK"  # Whoosh's writer lock of the index named MAIN
# Files of an index kept directly in PATH, before versions: removed at the first switch.
LEGACY_FILES = ("_MAIN_*.toc", "MAIN_*.seg", "MAIN_WRITELOCK")


class RebuildRunning(RuntimeError):
    """Another process is rebuilding this index."""


class IndexDirectory:
    """The versions of one index under its configured PATH."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def live(self) -> Path | None:
        """The live version's directory, or None before the first one exists."""
        return self._follow(LIVE)

    def create_live(self, make_index) -> Path:
        """The live version, made now with `make_index(directory)` if there is none yet.

        Of two processes starting at once, one link wins; the other's empty version goes.
        """
        live = self.live()
        if live is not None:
            return live
        version = self.new_version()
        make_index(version)
        try:
            os.symlink(version.name, self.root / LIVE)
        except FileExistsError:
            shutil.rmtree(version, ignore_errors=True)
        return self.live()

    def new_version(self) -> Path:
        """A new, empty version directory, named by its time of creation (UTC)."""
        self.root.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        while True:
            version = self.root / f"{VERSION_PREFIX}{stamp}-{secrets.token_hex(3)}"
            with suppress(FileExistsError):
                version.mkdir()  # with the umask's mode, so other users' processes read it too
                return version

    @contextmanager
    def building(self) -> Iterator[Path]:
        """A new version for a rebuild; removed again unless the rebuild switched to it."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / REBUILD_LOCK, "a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released if we die
            except BlockingIOError:
                raise RebuildRunning(f"Another rebuild of {self.root} is running.") from None
            version = self.new_version()
            self._link(BUILDING, version)
            try:
                yield version
            finally:
                with suppress(FileNotFoundError):
                    (self.root / BUILDING).unlink()
                if self.live() != version:
                    shutil.rmtree(version, ignore_errors=True)

    @contextmanager
    def writers_paused(self, timeout: float) -> Iterator[None]:
        """Hold the live index's write lock: writers wait, then find the switched link."""
        live = self.live()
        if live is None or not live.is_dir():
            yield
            return
        lock = FileStorage(str(live)).lock(WRITE_LOCK)
        if not try_for(lock.acquire, timeout=timeout, delay=0.1):
            raise TimeoutError(f"A writer of {live} held its lock for {timeout} s.")
        try:
            yield
        finally:
            lock.release()

    def switch_to(self, version: Path) -> None:
        """Make `version` the live index at once for every process; keep only the one before.

        The previous version stays so that a search that has just followed the old link can
        finish reading it; older versions, abandoned builds and legacy files are removed.
        """
        previous = self.live()
        self._link(LIVE, version)
        keep = {version.name, previous.name if previous else None}
        for path in self.root.glob(f"{VERSION_PREFIX}*"):
            if path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)
        for pattern in LEGACY_FILES:
            for path in self.root.glob(pattern):
                path.unlink(missing_ok=True)

    def note_changed(self, interview_ids: Iterable[int]) -> None:
        """Tell a rebuild in progress which interviews changed; nothing if none runs."""
        building = self._follow(BUILDING)
        if building is None:
            return
        with suppress(FileNotFoundError), open(building / JOURNAL, "a") as journal:
            journal.write("".join(f"{pk}\n" for pk in interview_ids))

    def changed_during(self, version: Path) -> set[int]:
        """The interviews that writers changed while `version` was being built."""
        try:
            lines = (version / JOURNAL).read_text().split()
        except FileNotFoundError:
            return set()
        return {int(line) for line in lines if line.isdigit()}  # a line cut short by a crash

    def _follow(self, name: str) -> Path | None:
        try:
            return self.root / os.readlink(self.root / name)
        except OSError:  # no such link (yet)
            return None

    def _link(self, name: str, version: Path) -> None:
        """Point the link `name` at `version`, replacing it atomically."""
        staged = self.root / f".{name}-{os.getpid()}"
        staged.unlink(missing_ok=True)
        os.symlink(version.name, staged)
        os.replace(staged, self.root / name)
