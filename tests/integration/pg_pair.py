"""A throwaway PostgreSQL primary with a streaming hot standby, on loopback, for the
failover test: two clusters made the way the README says (``initdb``, then
``pg_basebackup -R`` from the running primary), synchronous replication, and the two
moves of a failover: kill the primary, promote the standby."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

STANDBY_NAME = "standby1"  # its cluster_name: what the primary's synchronous_standby_names lists
START_S = 60  # bound on each server start and on the standby's first catch-up


def server_bin() -> Path | None:
    """The newest PostgreSQL server's bin folder (Debian's layout), or None."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
                   key=lambda p: [int(x) for x in p.parent.parent.name.split(".")
                                  if x.isdigit()])
    return found[-1].parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgPair:
    """A primary and its standby under one temporary folder, owned by ``postgres``
    when run as root (as ``scripts/test-postgres.sh`` does). ``close`` stops both and
    removes the folder, whatever state they are in."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="wr-standby-"))
        self.ports = (free_port(), free_port())
        while self.ports[1] == self.ports[0]:
            self.ports = (self.ports[0], free_port())
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(self.root, "postgres")
        self.primary = self.root / "primary"
        self.standby = self.root / "standby"

    # ---- the URL a seat is given ---------------------------------------------------------

    def url(self, database: str = "watchroom") -> str:
        """Both servers, the libpq way; a connection lands on the one that takes writes."""
        hosts = ",".join(f"127.0.0.1:{port}" for port in self.ports)
        return (f"postgresql+psycopg://watchroom@/{database}?host={hosts}"
                "&target_session_attrs=read-write")

    def conninfo(self, which: int, database: str = "postgres") -> str:
        return (f"host=127.0.0.1 port={self.ports[which]} user=watchroom dbname={database} "
                "connect_timeout=5")

    # ---- set-up --------------------------------------------------------------------------

    def start(self) -> None:
        """initdb the primary and start it, clone it with ``pg_basebackup -R``, start the
        clone as a hot standby, then make the primary wait for it at every commit
        (synchronous replication) and wait until it reports the standby as synchronous."""
        self._run("initdb", "-D", str(self.primary), "-U", "watchroom", "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        self._start(self.primary, self.ports[0], "")
        with psycopg.connect(self.conninfo(0), autocommit=True) as conn:
            conn.execute("CREATE DATABASE watchroom")
        self._run("pg_basebackup", "-h", "127.0.0.1", "-p", str(self.ports[0]),
                  "-U", "watchroom", "-D", str(self.standby), "-R", "-X", "stream",
                  "-c", "fast", "--no-sync")
        self._start(self.standby, self.ports[1], f"-c cluster_name={STANDBY_NAME}")
        # Synchronous replication is switched on once the standby streams (before, every
        # commit would wait for it), and on the primary alone: the clone is already taken,
        # and a promoted standby told to wait for a standby of its own (it has none)
        # would never finish a commit.
        deadline = time.monotonic() + START_S
        with psycopg.connect(self.conninfo(0), autocommit=True) as conn:
            conn.execute(f"ALTER SYSTEM SET synchronous_standby_names = '{STANDBY_NAME}'")
            conn.execute("SELECT pg_reload_conf()")
            while True:
                row = conn.execute("SELECT sync_state FROM pg_stat_replication "
                                   "WHERE application_name = %s", (STANDBY_NAME,)).fetchone()
                if row is not None and row[0] == "sync":
                    return
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the standby never became synchronous:\n{self.logs()}")
                time.sleep(0.1)

    def _start(self, data: Path, port: int, options: str) -> None:
        self._run("pg_ctl", "-D", str(data), "-l", f"{data}.log", "-w", "-t", str(START_S),
                  "-o", f"-p {port} -k {self.root} -c listen_addresses=127.0.0.1 "
                  f"-c max_connections=50 {options}", "start")

    # ---- the failover --------------------------------------------------------------------

    def kill_primary(self) -> None:
        """Stop the primary the hard way: no shutdown checkpoint, sessions cut off."""
        self._run("pg_ctl", "-D", str(self.primary), "-m", "immediate", "stop")

    def promote(self) -> None:
        """Turn the standby into a primary (waits until it accepts writes)."""
        self._run("pg_ctl", "-D", str(self.standby), "-w", "-t", str(START_S), "promote")

    # ---- tear-down -----------------------------------------------------------------------

    def logs(self) -> str:
        out = []
        for log in (f"{self.primary}.log", f"{self.standby}.log"):
            path = Path(log)
            if path.exists():
                out.append(f"--- {path.name}\n" + "\n".join(
                    path.read_text(errors="replace").splitlines()[-20:]))
        return "\n".join(out)

    def close(self) -> None:
        for data in (self.standby, self.primary):
            if (data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(data), "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, tool: str, *args: str, check: bool = True) -> None:
        command = [str(self.bin / tool), *args]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=START_S * 2,
                              check=False, cwd=self.root)
        if check and done.returncode != 0:
            raise RuntimeError(f"{tool} failed ({done.returncode}): {done.stderr.strip()}\n"
                               f"{self.logs()}")
