"""A real PostgreSQL server for the tests (and the benchmark): ``initdb`` and ``pg_ctl`` in a temp folder.

Debian's ``postgresql`` package puts them in ``/usr/lib/postgresql/<version>/bin``. PostgreSQL refuses
to run as root, so as root (CI) the folder is given to the ``postgres`` user (or ``nobody``) and the
commands run through ``runuser``. The server listens on a free port on 127.0.0.1 only, with its unix
socket in the temp folder, and password authentication (SCRAM): clients find the password in a
``.pgpass`` file named by ``PGPASSFILE``, as a real deployment would, never on a command line.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

USER = "kbgen"
PASSWORD = "kbgen-test-" + uuid.uuid4().hex[:12]


def binaries() -> Path | None:
    """The newest ``/usr/lib/postgresql/*/bin`` holding initdb and pg_ctl, or None."""
    found = [Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin") if Path(p, "pg_ctl").is_file()]
    found.sort(key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    return found[-1] if found else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_user() -> str | None:
    """Who runs the server: None when we are not root, else an unprivileged system user."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise RuntimeError("running as root, and neither a postgres nor a nobody user exists to run PostgreSQL")


@dataclass
class Server:
    folder: Path
    port: int
    bin: Path
    user: str | None

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def run(self, *command: str) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        return subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=120, check=False,
                              cwd=self.folder)

    def create_database(self) -> str:
        """A new empty database; its URL (no password in it)."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        self.run(str(self.bin / "pg_ctl"), "stop", "-D", str(self.folder / "data"), "-m", "immediate", "-w")


@contextlib.contextmanager
def postgres_server() -> Iterator[Server]:
    """Start a throwaway server; stop it and remove its folder afterwards. PGPASSFILE points at its password."""
    bin_dir = binaries()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL is not installed (apt-get install postgresql)")
    user = server_user()
    folder = Path(tempfile.mkdtemp(prefix="kbgen-pg-"))  # under /tmp: the server user can reach it
    server = Server(folder, free_port(), bin_dir, user)
    previous = os.environ.get("PGPASSFILE")
    try:
        (folder / "pw").write_text(PASSWORD + "\n")
        pgpass = folder / "pgpass"
        pgpass.write_text(f"127.0.0.1:{server.port}:*:{USER}:{PASSWORD}\n")
        pgpass.chmod(0o600)
        if user:
            shutil.chown(folder, user)
            shutil.chown(folder / "pw", user)
        init = server.run(str(bin_dir / "initdb"), "-D", str(folder / "data"), "-U", USER, "--pwfile",
                          str(folder / "pw"), "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        if init.returncode:
            raise RuntimeError(f"initdb failed: {init.stderr}")
        options = f"-p {server.port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
        start = server.run(str(bin_dir / "pg_ctl"), "start", "-D", str(folder / "data"), "-w", "-t", "60",
                           "-l", str(folder / "log"), "-o", options)
        if start.returncode:
            log = (folder / "log").read_text() if (folder / "log").exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {start.stderr}{log}")
        os.environ["PGPASSFILE"] = str(pgpass)
        yield server
    finally:
        server.stop()
        if previous is None:
            os.environ.pop("PGPASSFILE", None)
        else:
            os.environ["PGPASSFILE"] = previous
        shutil.rmtree(folder, ignore_errors=True)
