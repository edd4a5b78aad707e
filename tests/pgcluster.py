"""The throwaway PostgreSQL server of .ci/with-postgres, for tests that stop it or dump it."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from django.db import connection


@dataclass(frozen=True)
class Cluster:
    folder: Path
    bindir: Path
    port: int
    options: str

    @classmethod
    def from_environment(cls) -> Cluster:
        """The server .ci/with-postgres started (it exports PGTEST_*)."""
        missing = [name for name in ("PGTEST_DIR", "PGTEST_BINDIR", "PGTEST_PORT") if not os.environ.get(name)]
        assert not missing, f"run through .ci/with-postgres: {', '.join(missing)} not set"
        folder = Path(os.environ["PGTEST_DIR"])
        port = int(os.environ["PGTEST_PORT"])
        # The same options .ci/with-postgres starts it with (older copies of it did not export them).
        options = os.environ.get("PGTEST_OPTIONS") or (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        return cls(folder, Path(os.environ["PGTEST_BINDIR"]), port, options)

    def tool(self, name: str) -> str:
        path = self.bindir / name
        return str(path) if path.exists() else (shutil.which(name) or name)

    def _as_postgres(self, *command: str) -> subprocess.CompletedProcess:
        # pg_ctl refuses to run as root: as root, run it as the postgres user, as .ci/with-postgres does.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=120, check=True)

    def stop(self) -> float:
        """Stop the server (fast: sessions are ended, data is flushed); seconds it took."""
        started = time.monotonic()
        self._as_postgres(self.tool("pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")
        return time.monotonic() - started

    def start(self) -> float:
        """Start it again as .ci/with-postgres did: same port, socket folder and options."""
        started = time.monotonic()
        data, log = str(self.folder / "data"), str(self.folder / "log")
        self._as_postgres(self.tool("pg_ctl"), "-D", data, "-l", log, "-w", "start", "-o", self.options)
        return time.monotonic() - started

    def is_running(self) -> bool:
        result = subprocess.run(
            [self.tool("pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-q"], check=False, timeout=30
        )
        return result.returncode == 0

    def environment(self) -> dict[str, str]:
        """libpq variables for pg_dump, createdb and pg_restore to reach the test database's server."""
        settings = connection.settings_dict
        return {
            **os.environ,
            "PGHOST": settings["HOST"] or "127.0.0.1",
            "PGPORT": str(settings["PORT"] or self.port),
            "PGUSER": settings["USER"],
            "PGPASSWORD": settings["PASSWORD"],
        }
