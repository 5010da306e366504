"""Content from a git repository: fetch one branch, write its newest commit out as a folder.

Why the git command-line client (and not a pure-Python library such as dulwich): a clinic's
IT already knows how to give git access to a repository (an SSH deploy key, a token in a
credential helper, a proxy in ``git config``), and the kiosk then needs nothing of its own for
it; git checks SSH commit signatures itself (``verify-commit`` with an allowed-signers file);
and its behaviour with force-pushes, deleted branches and broken connections is the one the
git host documents. The price is one Debian package (``git``) on the kiosk machine, which the
README's set-up installs; without it ``kiosk content status`` says so.

The kiosk keeps a bare repository of its own (``versions_dir/git``) as a cache: only the one
branch, only its newest commit (``--depth 1``), so a long history costs nothing. A fetch that
was killed half-way leaves at most a stale ``*.lock`` file there, removed before the next one
(the store's lock says no other fetch of ours is running). Every git call has a time limit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import ContentSourceError
from kiosk.sources.store import VersionInfo

GIT_TIMEOUT = 120.0  # seconds for one fetch before the remote counts as not answering
LOCAL_TIMEOUT = 60.0  # seconds for git's work on this machine (archive, log, verify)
_REF = "refs/kiosk/followed"


@dataclass(frozen=True)
class Fetched:
    """The newest commit of the branch, not yet written out."""

    commit: str
    info: VersionInfo


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        GIT_TERMINAL_PROMPT="0",  # never wait for a password nobody will type
        GIT_ASKPASS="true" if os.name == "posix" else "",
        LC_ALL="C",  # git's messages in English, as the logs and these checks expect
        GIT_SSH_COMMAND=env.get("GIT_SSH_COMMAND", "ssh -o BatchMode=yes"),
    )
    return env


class GitSource:
    """One branch of one repository."""

    def __init__(
        self, url: str, branch: str, cache: Path, allowed_signers: Path | None = None
    ) -> None:
        self.url = url
        self.branch = branch
        self.cache = cache
        self.allowed_signers = allowed_signers

    def describe(self) -> str:
        return f"git {self.url} {self.branch}"

    def _git(
        self, *args: str, timeout: float = LOCAL_TIMEOUT
    ) -> subprocess.CompletedProcess[bytes]:
        git = shutil.which("git")
        if git is None:
            raise ContentSourceError(
                "the git program is not installed on this kiosk; install it"
                " (Debian: apt-get install git) or use a synced folder instead"
            )
        try:
            return subprocess.run(
                [git, f"--git-dir={self.cache}", *args],
                capture_output=True,
                timeout=timeout,
                env=_environment(),
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ContentSourceError(
                f"git {args[0]} did not finish within {timeout:.0f} s (the remote {self.url} is"
                " slow or not answering); the kiosk tries again at the next check"
            ) from None

    def _prepare_cache(self) -> None:
        if not (self.cache / "HEAD").is_file():
            shutil.rmtree(self.cache, ignore_errors=True)
            self.cache.mkdir(parents=True)
            result = self._git("init", "--bare", "--quiet")
            if result.returncode != 0:
                raise ContentSourceError(f"cannot set up {self.cache}: {_last_line(result)}")
        for stale in self.cache.rglob("*.lock"):  # left by a fetch that was killed
            stale.unlink(missing_ok=True)

    def fetch(self) -> Fetched:
        """The branch's newest commit, fetched into the cache (ContentSourceError if not)."""
        self._prepare_cache()
        result = self._git(
            "fetch",
            "--quiet",
            "--no-tags",
            "--depth=1",
            "--force",
            self.url,
            f"+refs/heads/{self.branch}:{_REF}",
            timeout=GIT_TIMEOUT,
        )
        if result.returncode != 0:
            raise ContentSourceError(self._fetch_problem(result))
        shown = self._git("log", "-1", "--format=%H%x00%an%x00%cI%x00%s", _REF)
        if shown.returncode != 0:
            raise ContentSourceError(f"cannot read the fetched commit: {_last_line(shown)}")
        commit, author, committed, subject = shown.stdout.decode("utf-8", "replace").split("\0")
        info = VersionInfo(
            id=commit[:12],
            source=self.describe(),
            arrived=time.time(),
            commit=commit,
            author=author,
            committed=committed,
            subject=subject.strip(),
        )
        return Fetched(commit, info)

    def _fetch_problem(self, result: subprocess.CompletedProcess[bytes]) -> str:
        said = _last_line(result)
        if "couldn't find remote ref" in said or "could not find remote ref" in said:
            listed = self._git("ls-remote", "--heads", self.url, timeout=GIT_TIMEOUT)
            if listed.returncode == 0 and not listed.stdout.strip():
                return (
                    f"{self.url} answered, but not as a git repository: it lists no branches"
                    " (a login page or a proxy may be answering); check the address"
                )
            return (
                f"the branch '{self.branch}' is not in {self.url} (deleted or renamed?); set"
                " [content_source] branch to the branch to show"
            )
        return f"cannot fetch {self.url} ({said}); check the address and this kiosk's access"

    def signature_problem(self, fetched: Fetched) -> str | None:
        """With ``allowed_signers``: why the commit may not show (None: it is signed by one)."""
        if self.allowed_signers is None:
            return None
        if not self.allowed_signers.is_file():
            return (
                f"allowed_signers {self.allowed_signers} is missing; no commit is accepted"
                " until it is there"
            )
        result = self._git(
            "-c",
            "gpg.format=ssh",
            "-c",
            f"gpg.ssh.allowedSignersFile={self.allowed_signers}",
            "verify-commit",
            fetched.commit,
        )
        if result.returncode == 0:
            return None
        return (
            f"commit {fetched.info.id} is not signed by a key in {self.allowed_signers}"
            f" ({_last_line(result)}); only commits signed with a clinic key show"
        )

    def write_out(self, fetched: Fetched, folder: Path) -> None:
        """The commit's files into ``folder`` (``git archive``, unpacked safely)."""
        archive = folder.with_suffix(".tar")
        try:
            result = self._git("archive", "--format=tar", f"--output={archive}", fetched.commit)
            if result.returncode != 0:
                raise ContentSourceError(
                    f"cannot write out {fetched.info.id}: {_last_line(result)}"
                )
            with tarfile.open(archive) as tar:
                _extract_safely(tar, folder)
        finally:
            archive.unlink(missing_ok=True)


def _extract_safely(tar: tarfile.TarFile, folder: Path) -> None:
    """Only plain files and folders, only inside ``folder``: a commit could hold a link to
    /etc/passwd. Python's "data" filter does this (3.11.4 and later); before it, by hand."""
    if hasattr(tarfile, "data_filter"):
        tar.extractall(folder, filter="data")
        return
    for member in tar.getmembers():
        parts = Path(member.name).parts
        if not (member.isfile() or member.isdir()) or member.name.startswith("/") or ".." in parts:
            raise ContentSourceError(f"{member.name} is a link or lies outside the content")
    tar.extractall(folder)


def _last_line(result: subprocess.CompletedProcess[bytes]) -> str:
    lines = [line.strip() for line in result.stderr.decode("utf-8", "replace").splitlines()]
    lines = [line for line in lines if line]
    return lines[-1] if lines else f"exit status {result.returncode}"
