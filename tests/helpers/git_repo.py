"""A real git repository for the content-source tests: a bare "remote" on disk (or served by
``git daemon``) and a working copy to commit to, as a clinic's admin would."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from tests.helpers.content import write_content, write_tree

_IDENTITY = {
    "GIT_AUTHOR_NAME": "Ann Admin",
    "GIT_AUTHOR_EMAIL": "ann@clinic.example",
    "GIT_COMMITTER_NAME": "Ann Admin",
    "GIT_COMMITTER_EMAIL": "ann@clinic.example",
}


def git(*args: str, cwd: Path) -> str:
    env = {**os.environ, **_IDENTITY, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(cwd)}
    result = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout.strip()


class ContentRepo:
    """``remote`` (bare) and ``work`` (a clone); ``commit`` writes files and pushes."""

    def __init__(self, root: Path, branch: str = "main") -> None:
        self.remote = root / "remote.git"
        self.work = root / "work"
        self.branch = branch
        self.remote.mkdir(parents=True)
        git("init", "--quiet", "--bare", f"--initial-branch={branch}", ".", cwd=self.remote)
        self.work.mkdir()
        git("init", "--quiet", f"--initial-branch={branch}", ".", cwd=self.work)
        git("remote", "add", "origin", str(self.remote), cwd=self.work)

    @property
    def url(self) -> str:
        return str(self.remote)

    def commit(
        self,
        message: str,
        files: Mapping[str, str | bytes] | None = None,
        *,
        remove: Iterable[str] = (),
        base_content: bool = False,
        push: bool = True,
        extra: Iterable[str] = (),
    ) -> str:
        """Write ``files`` (and, with ``base_content``, a whole small content tree), delete
        ``remove``, commit and push; the commit's id (12 characters, as the kiosk names it)."""
        if base_content:
            write_content(self.work)
        write_tree(self.work, files or {})
        for name in remove:
            (self.work / name).unlink()
        git("add", "--all", cwd=self.work)
        git("commit", "--quiet", "--allow-empty", *extra, "-m", message, cwd=self.work)
        if push:
            self.push()
        return git("rev-parse", "HEAD", cwd=self.work)[:12]

    def push(self, *, force: bool = False) -> None:
        git(
            "push",
            "--quiet",
            *(["--force"] if force else []),
            "origin",
            f"HEAD:{self.branch}",
            cwd=self.work,
        )

    def rewrite(self, message: str, files: Mapping[str, str]) -> str:
        """A force-push: a new first commit replaces the whole history of the branch."""
        git("checkout", "--quiet", "--orphan", "rewritten", cwd=self.work)
        git("rm", "-r", "--quiet", "-f", ".", cwd=self.work)
        write_content(self.work, files)
        git("add", "--all", cwd=self.work)
        git("commit", "--quiet", "-m", message, cwd=self.work)
        self.push(force=True)
        return git("rev-parse", "HEAD", cwd=self.work)[:12]

    def delete_branch(self) -> None:
        """As on a git host that lets someone delete the default branch."""
        git("config", "receive.denyDeleteCurrent", "ignore", cwd=self.remote)
        git("push", "--quiet", "origin", f":{self.branch}", cwd=self.work)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def git_daemon(base: Path) -> Iterator[str]:
    """``git daemon`` serving the repositories under ``base`` on 127.0.0.1; yields its URL."""
    port = free_port()
    daemon = subprocess.Popen(
        [
            "git",
            "daemon",
            "--reuseaddr",
            "--export-all",
            "--listen=127.0.0.1",
            f"--port={port}",
            f"--base-path={base}",
            str(base),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"git://127.0.0.1:{port}"
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)
