"""Following a real git repository: a version shows only once the kiosk's validator accepts it,
and every fault the issue lists leaves the last good version showing, with a message."""

from __future__ import annotations

import errno
import http.server
import shutil
import socket
import subprocess
import tarfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config import ContentSourceConfig
from kiosk.content import load_library
from kiosk.sources import git as git_module
from kiosk.sources.git import GitSource
from kiosk.sources.report import status_lines
from kiosk.sources.store import VersionStore
from kiosk.sources.update import check_now, roll_back
from tests.helpers.content import topic
from tests.helpers.git_repo import ContentRepo, git

BROKEN = "---\ntitle: [unclosed\n---\nText.\n"


def test_a_good_commit_shows_and_the_same_commit_again_is_no_change(
    repo: ContentRepo, store: VersionStore, source: GitSource
) -> None:
    first = repo.commit("First content", base_content=True)
    outcome = check_now(source, store)
    assert (outcome.result, outcome.version) == ("shown", first)
    assert store.current_id() == first
    shown = store.current_folder()
    assert shown is not None
    assert load_library(shown).shown_count == 3  # a content folder the kiosk can load
    assert (shown / "learn" / "alpha.md").is_file()
    info = store.version(first)
    assert info is not None
    assert (info.subject, info.author) == ("First content", "Ann Admin")
    again = check_now(source, store)
    assert again.result == "no change"
    assert [event["event"] for event in store.history()] == ["shown"]


def test_a_broken_front_matter_is_rejected_named_by_file_and_line_and_the_old_version_stays(
    repo: ContentRepo, store: VersionStore, source: GitSource, tmp_path: Path
) -> None:
    good = repo.commit("Good", base_content=True)
    check_now(source, store)
    bad = repo.commit("Break a page", {"learn/beta.md": BROKEN})
    outcome = check_now(source, store)
    assert (outcome.result, outcome.version) == ("rejected", bad)
    assert not outcome.ok
    assert store.current_id() == good
    assert any(p.startswith("learn/beta.md:2: error:") for p in outcome.problems)
    assert (store.rejected / bad / "learn" / "beta.md").read_text() == BROKEN  # kept aside
    status = "\n".join(status_lines(ContentSourceConfig(git=repo.url), store))
    assert f"shown: {good}" in status
    assert f"last rejected: {bad}" in status
    assert "learn/beta.md:2: error:" in status
    # Checked again, the same bad commit is not validated again and still does not show.
    assert check_now(source, store).result == "rejected"
    assert store.current_id() == good


def test_a_commit_that_removes_every_topic_is_rejected(
    repo: ContentRepo, store: VersionStore, source: GitSource
) -> None:
    good = repo.commit("Good", base_content=True)
    check_now(source, store)
    repo.commit(
        "Remove everything",
        remove=["learn/alpha.md", "learn/beta.md", "treatments/one.md"],
    )
    outcome = check_now(source, store)
    assert outcome.result == "rejected"
    assert any("no topics or treatments could be shown" in p for p in outcome.problems)
    assert store.current_id() == good


def test_a_force_push_shows_the_rewritten_branch(
    repo: ContentRepo, store: VersionStore, source: GitSource
) -> None:
    repo.commit("Good", base_content=True)
    check_now(source, store)
    rewritten = repo.rewrite("Start again", {"learn/gamma.md": topic("Gamma topic")})
    outcome = check_now(source, store)
    assert (outcome.result, outcome.version) == ("shown", rewritten)
    shown = store.current_folder()
    assert shown is not None and (shown / "learn" / "gamma.md").is_file()


def test_a_deleted_branch_is_named_and_the_old_version_stays(
    repo: ContentRepo, store: VersionStore, source: GitSource
) -> None:
    good = repo.commit("Good", base_content=True)
    check_now(source, store)
    git("push", "--quiet", "origin", "HEAD:drafts", cwd=repo.work)  # another branch stays
    repo.delete_branch()
    outcome = check_now(source, store)
    assert outcome.result == "failed"
    assert "branch 'main' is not in" in outcome.message
    assert store.current_id() == good


def test_an_unreachable_remote_fails_with_a_message(store: VersionStore, tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    source = GitSource(f"git://127.0.0.1:{port}/content.git", "main", store.root / "git")
    outcome = check_now(source, store)
    assert outcome.result == "failed"
    assert "cannot fetch git://127.0.0.1" in outcome.message
    assert store.current_id() is None


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A server that accepts connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"git://127.0.0.1:{server.getsockname()[1]}/content.git"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def test_a_remote_that_does_not_answer_is_given_up_on_in_time(
    store: VersionStore, silent_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(git_module, "GIT_TIMEOUT", 1.5)
    outcome = check_now(GitSource(silent_server, "main", store.root / "git"), store)
    assert outcome.result == "failed"
    assert "did not finish within 2 s" in outcome.message
    assert "slow or not answering" in outcome.message


class _Garbage(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<html>This is not a git server</html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_a_remote_answering_garbage_fails_with_a_message(store: VersionStore) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Garbage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/content.git"
        outcome = check_now(GitSource(url, "main", store.root / "git"), store)
    finally:
        server.shutdown()
        server.server_close()
    assert outcome.result == "failed"
    assert outcome.message.startswith(f"{url} answered, but not as a git repository")


def test_a_full_disk_fails_the_check_cleans_up_and_keeps_the_old_version(
    repo: ContentRepo, store: VersionStore, source: GitSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = repo.commit("Good", base_content=True)
    check_now(source, store)
    repo.commit("More", {"learn/gamma.md": topic("Gamma topic")})

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tarfile.TarFile, "extractall", no_space)
    outcome = check_now(source, store)
    assert outcome.result == "failed"
    assert "is full; free some space" in outcome.message
    assert store.current_id() == good
    assert list(store.incoming.glob("*")) == []  # nothing half-written left behind
    monkeypatch.undo()
    assert check_now(source, store).result == "shown"  # the next check recovers


def _two_versions_shown(
    repo: ContentRepo, store: VersionStore, source: GitSource
) -> tuple[str, str]:
    first = repo.commit("First", base_content=True)
    check_now(source, store)
    second = repo.commit("Second", {"learn/gamma.md": topic("Gamma topic")})
    check_now(source, store)
    return first, second


def test_a_version_folder_deleted_by_hand_falls_back_then_comes_back(
    repo: ContentRepo, store: VersionStore, source: GitSource
) -> None:
    first, second = _two_versions_shown(repo, store, source)
    assert store.current_id() == second
    shutil.rmtree(store.good / second)
    assert store.current_id() == first  # the newest good version still there
    outcome = check_now(source, store)  # and the next check fetches the newest again
    assert (outcome.result, store.current_id()) == ("shown", second)


def test_rollback_holds_back_until_a_newer_version_arrives(
    repo: ContentRepo, store: VersionStore, source: GitSource
) -> None:
    first, second = _two_versions_shown(repo, store, source)
    rolled = roll_back(store)
    assert (rolled.result, store.current_id()) == ("shown", first)
    held = check_now(source, store)  # the branch still has "Second": it does not come back
    assert held.result == "no change"
    assert store.current_id() == first
    assert second in "\n".join(status_lines(ContentSourceConfig(git=repo.url), store))
    third = repo.commit("Third", {"learn/delta.md": topic("Delta topic")})
    assert check_now(source, store).result == "shown"
    assert store.current_id() == third
    assert [e["event"] for e in store.history()] == ["shown", "shown", "rolled back", "shown"]
    # Back to a named version, and a name that is not there.
    assert roll_back(store, second).result == "shown"
    assert store.current_id() == second
    missing = roll_back(store, "feedfacecafe")
    assert missing.result == "failed"
    assert "no good version 'feedfacecafe'" in missing.message


def test_only_the_last_few_good_versions_stay_on_disk(
    repo: ContentRepo, store: VersionStore, source: GitSource
) -> None:
    ids = [repo.commit("First", base_content=True)]
    check_now(source, store)
    for n in range(4):
        ids.append(repo.commit(f"Change {n}", {f"learn/extra{n}.md": topic(f"Extra {n}")}))
        check_now(source, store)
    assert [info.id for info in store.versions()] == ids[::-1][: store.keep]


@pytest.fixture
def clinic_key(tmp_path: Path) -> tuple[Path, Path]:
    """An SSH key of the clinic's, and an allowed-signers file naming it."""
    if shutil.which("ssh-keygen") is None:
        pytest.fail("ssh-keygen is missing: install openssh-client (.ci/run does)")
    key = tmp_path / "clinic_key"
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "clinic", "-f", str(key)],
        check=True,
    )
    public = (tmp_path / "clinic_key.pub").read_text().strip()
    signers = tmp_path / "allowed_signers"
    signers.write_text(f'ann@clinic.example namespaces="git" {public}\n')
    return key, signers


def test_with_allowed_signers_only_a_commit_signed_by_a_clinic_key_shows(
    repo: ContentRepo, store: VersionStore, clinic_key: tuple[Path, Path]
) -> None:
    key, signers = clinic_key
    source = GitSource(repo.url, "main", store.root / "git", allowed_signers=signers)
    signing = ["-c", "gpg.format=ssh", "-c", f"user.signingkey={key}"]
    unsigned = repo.commit("Not signed", base_content=True)
    outcome = check_now(source, store)
    assert (outcome.result, outcome.version) == ("rejected", unsigned)
    assert outcome.problems[0].startswith(f"commit {unsigned} is not signed by a key in")
    assert store.current_id() is None
    git(*signing, "commit", "--quiet", "--allow-empty", "-S", "-m", "Signed", cwd=repo.work)
    repo.push()
    signed = git("rev-parse", "HEAD", cwd=repo.work)[:12]
    assert (check_now(source, store).result, store.current_id()) == ("shown", signed)
    # Signed with another key: refused, and the signed version stays.
    other = key.with_name("other_key")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(other)], check=True)
    git(
        "-c",
        "gpg.format=ssh",
        "-c",
        f"user.signingkey={other}",
        "commit",
        "--quiet",
        "--allow-empty",
        "-S",
        "-m",
        "Someone else",
        cwd=repo.work,
    )
    repo.push()
    assert check_now(source, store).result == "rejected"
    assert store.current_id() == signed
