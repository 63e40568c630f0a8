"""Hostile content in every file under shellhooks' cache and state folders, in real bash,
zsh and fish: nothing runs, and nothing outside shellhooks' folders is written or
deleted.

The files are not a hand-picked list: a real session (the hook in a git project and in
an allowed `.envrc` project, a config file, the statusLine, the `claude` hook) makes
them, and the test walks the folders. Each file is then replaced by shell code
(`$(...)`, backticks, quotes broken open, function definitions), by a link to a victim
file or folder of the user's, or by a file of another uid (the tests run as root);
folders become links to the victim's folder, or are made by another uid, or 0777. A
new shell then enters the projects, leaves and comes back, and `status`, `allow` and
the statusLine run.

Stored answers of the hook (`entries/<shell>/`) are evaluated by today's hooks; the
cases that can only pass once the hooks read them as data are in their own test
(test_planted_answers_are_never_code)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.shelldriver import SHELLS, ShellDriver
from tests.shells.test_hooks import VAR, git_repo, hooked, shellhooks
from tests.taskfixtures import ClaudeHome

OTHER_UID = 65534
EXE = Path(sys.executable).parent / "shellhooks"  # this checkout's, as tests/shells use


def payload(markers: Path, shell: str) -> str:
    """Code that runs `touch` if `shell` ever evaluates, sources or substitutes it: every
    line parses in that shell (an `eval` that meets a syntax error runs nothing, which
    would prove nothing)."""
    m = markers
    if shell == "fish":
        lines = [f"touch {m}/plain",
                 f"echo (touch {m}/subst) $(touch {m}/dollar-subst)",
                 f"function __shellhooks_fresh; touch {m}/fresh; end",
                 f"set -g __shellhooks_e_ctx (touch {m}/ctx)"]
    else:
        lines = [f"touch {m}/plain",
                 f": $(touch {m}/subst) `touch {m}/backtick`",
                 f": ''; touch {m}/squote",
                 f"__shellhooks_fresh() {{ touch {m}/fresh; }}",
                 f"__shellhooks_e_ctx=$(touch {m}/ctx)"]
    return "\n".join(lines) + "\n"


def json_payload(markers: Path) -> str:
    """The same for the files Python reads: shell code where a value or key would be."""
    return json.dumps({"allow": {f"$(touch {markers}/json)": "`touch x`"}, "deny": [],
                       "key": [f"'; touch {markers}/json2; '"]})


class Scene:
    """Projects, a victim's files, and the session that made shellhooks' state."""

    def __init__(self, tmp_path: Path, claude: ClaudeHome, shell: str) -> None:
        self.shell = shell
        self.tmp = tmp_path
        self.home = Path(os.environ["HOME"])
        self.cache = Path(os.environ["XDG_CACHE_HOME"]) / "shellhooks"
        self.data = Path(os.environ["XDG_DATA_HOME"]) / "shellhooks"
        self.markers = tmp_path / "markers"
        self.markers.mkdir()
        self.repo = git_repo(tmp_path / "repo")
        claude.make_list("repo", ["completed", "pending"])
        self.envrc_proj = tmp_path / "envrc-proj"
        self.envrc_proj.mkdir()
        (self.envrc_proj / ".envrc").write_text(f"export {VAR}=from-envrc\n")
        claude.make_list("from-envrc", ["pending"])
        config = Path(os.environ["XDG_CONFIG_HOME"]) / "shellhooks"
        config.mkdir(parents=True, mode=0o700)
        (config / "config.toml").write_text("# the user's own config\n")
        # The victim: the user's own files and folders, some old (the sweep's age), one
        # holding shell code (read through a link, it would run).
        self.seen_id: str | None = None
        self.victim = tmp_path / "victim"
        (self.victim / "bash").mkdir(parents=True)
        (self.victim / "notes.txt").write_text("precious\n")
        (self.victim / "code.sh").write_text(payload(self.markers, shell))
        old = time.time() - 60 * 86400
        for p in (self.victim / "notes.txt", self.victim / "code.sh"):
            os.utime(p, (old, old))
        for name in ("k:x", "1a2b-1", ".swept"):
            (self.victim / "bash" / name).write_text("precious\n")
            os.utime(self.victim / "bash" / name, (old, old))

    def real_session(self, shell: str) -> None:
        """What a real user's day leaves in the cache and state folders."""
        assert shellhooks("allow", str(self.envrc_proj)).returncode == 0
        with hooked(shell, how="file", cwd=self.tmp) as sh:
            sh.cd(self.repo)
            sh.enter()
            sh.cd(self.envrc_proj)
            sh.enter()
            sh.cd(self.tmp)
        self.statusline()
        subprocess.run([str(EXE), "claude-hook"], input=json.dumps(
            {"hook_event_name": "TaskCompleted", "task_id": "2", "task_subject": "x",
             "cwd": str(self.repo)}), env=dict(os.environ, **{VAR: "repo"}),
            capture_output=True, text=True, timeout=60)

    def statusline(self) -> subprocess.CompletedProcess[str]:
        stdin = json.dumps({"session_id": "s", "cwd": str(self.repo),
                            "workspace": {"current_dir": str(self.repo)}})
        return subprocess.run([str(EXE), "statusline"], input=stdin, capture_output=True,
                              text=True, env=dict(os.environ, **{VAR: "repo"}), timeout=60)

    def state_files(self) -> list[Path]:
        found = [p for root in (self.cache, self.data) for p in root.rglob("*")
                 if p.is_file() and not p.is_symlink()]
        assert found, "the session made no state"
        return sorted(found)

    def state_dirs(self) -> list[Path]:
        return sorted(p for root in (self.cache, self.data) for p in root.rglob("*")
                      if p.is_dir() and not p.is_symlink())

    def outside(self) -> dict[str, object]:
        """Everything outside shellhooks' folders (and fish's own): path -> what it is."""
        skip = [self.cache, self.data, self.home / ".local/share/fish",
                self.home / ".config/fish"]
        seen: dict[str, object] = {}
        for p in sorted(self.tmp.rglob("*")):
            if any(p == s or s in p.parents for s in skip):
                continue
            st = os.lstat(p)
            if stat.S_ISLNK(st.st_mode):
                seen[str(p)] = ("link", os.readlink(p))
            elif stat.S_ISDIR(st.st_mode):
                seen[str(p)] = "dir"
            else:
                seen[str(p)] = (st.st_size, st.st_mtime_ns, st.st_uid,
                                hashlib.sha256(p.read_bytes()).hexdigest())
        return seen

    def visit(self, shell: str) -> None:
        """A new shell enters the projects, comes back, runs commands; then the CLI."""
        env = {"XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"]}
        with ShellDriver(shell, cwd=self.tmp, env=env) as sh:
            r = sh.source_hook("file")
            assert r.status == 0, r
            for where in (self.repo, self.envrc_proj, self.tmp, self.repo / ".git",
                          self.repo):
                sh.cd(where)
                r = sh.enter()
                text = r.output + (r.after or "")
                assert "Traceback" not in text and "rror" not in text, text
            self.seen_id = sh.child_env().get(VAR)  # the hook still works without state
            assert sh.alive()
        shellhooks("status", cwd=self.repo)
        shellhooks("allow", str(self.envrc_proj))
        shellhooks("prompt", cwd=self.repo)
        self.statusline()

    def assert_nothing_happened(self, before: dict[str, object]) -> None:
        assert sorted(os.listdir(self.markers)) == [], "planted code ran"
        after = self.outside()
        changed = {k: (before.get(k), after.get(k)) for k in set(before) | set(after)
                   if before.get(k) != after.get(k) and k != str(self.markers)}
        assert changed == {}, changed


@pytest.fixture
def scene(tmp_path: Path, claude: ClaudeHome, shell: str) -> Iterator[Scene]:
    yield Scene(tmp_path, claude, shell)


def is_answer(p: Path, scene: Scene) -> bool:
    return (scene.cache / "entries") in p.parents


def plant_code(files: list[Path], scene: Scene) -> None:
    """Shell code in the stored answers; in the files Python reads, JSON holding shell
    code and, every other file, shell code itself."""
    for i, p in enumerate(files):
        shell_code = is_answer(p, scene) or i % 2
        p.write_text(payload(scene.markers, scene.shell) if shell_code
                     else json_payload(scene.markers))


def plant_links(files: list[Path], scene: Scene, target: str = "code.sh") -> None:
    for p in files:
        p.unlink()
        p.symlink_to(scene.victim / target)


def needs_root() -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root to make files of another uid")


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("how", ["code", "links", "other-uid", "folder-links"])
def test_hostile_state_runs_nothing_and_writes_nothing_outside(
        shell: str, how: str, scene: Scene) -> None:
    scene.real_session(shell)
    files = [p for p in scene.state_files() if not is_answer(p, scene)]
    if how == "code":
        plant_code(files, scene)
    elif how == "links":
        plant_links(files[::2], scene)
        plant_links(files[1::2], scene, "notes.txt")
    elif how == "other-uid":
        needs_root()
        plant_code(scene.state_files(), scene)  # the stored answers too
        for p in scene.state_files():
            os.chown(p, OTHER_UID, OTHER_UID)
    else:  # every folder (but the answers') a link to the victim's
        for d in reversed(scene.state_dirs()):
            if d == scene.cache / "entries" or scene.cache / "entries" in d.parents:
                continue
            shutil.rmtree(d)
            d.symlink_to(scene.victim / "bash", target_is_directory=True)
    before = scene.outside()
    scene.visit(shell)
    scene.assert_nothing_happened(before)


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("how", ["other-uid", "0777"])
def test_a_cache_folder_made_by_someone_else_is_not_used(
        shell: str, how: str, scene: Scene) -> None:
    """The cache and data folders were made by another user (a shared XDG_CACHE_HOME,
    the predictable temp folder), or anyone can write to them, and that user planted
    files (theirs: owned by their uid) holding code."""
    needs_root()
    scene.real_session(shell)
    plant_code(scene.state_files(), scene)
    # ...and a trust store that allows their project's `.envrc`.
    evil = scene.tmp / "evil"
    evil.mkdir()
    (evil / ".envrc").write_text(f"export {VAR}=evil\n")
    digest = hashlib.sha256((evil / ".envrc").read_bytes()).hexdigest()
    (scene.data / "trust.json").write_text(json.dumps(
        {"allow": {str(evil / ".envrc"): digest}, "deny": []}))
    for p in scene.state_files():
        os.chown(p, OTHER_UID, OTHER_UID)
    for d in [scene.cache, scene.data, *scene.state_dirs()]:
        if how == "other-uid":
            os.chown(d, OTHER_UID, OTHER_UID)
        else:
            os.chmod(d, 0o777)
    before = scene.outside()
    scene.visit(shell)
    scene.assert_nothing_happened(before)
    assert scene.seen_id == "repo"
    res = shellhooks("status", "--json", cwd=evil)
    assert res.returncode == 0 and "Traceback" not in res.stderr
    assert json.loads(res.stdout)["id"] != "evil"
    assert 1 <= res.stderr.count("shellhooks: not using") <= 2, res.stderr  # cache, data


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("how", ["own-code", "links", "folder-link", "0777-links"])
def test_planted_answers_are_never_code(shell: str, how: str, scene: Scene) -> None:
    """Stored answers that are this user's own regular files but hold code (what a
    second process of the user, or a bug, could leave), links to the user's files
    holding code, a link in place of the answers' folder, and links planted in a
    cache folder anyone can write to."""
    scene.real_session(shell)
    answers = [p for p in scene.state_files() if is_answer(p, scene)]
    assert answers
    folder = scene.cache / "entries" / shell
    if how == "own-code":
        plant_code(answers, scene)
    elif how in ("links", "0777-links"):
        plant_links(answers, scene)
        if how == "0777-links":
            for d in [scene.cache, *scene.state_dirs()]:
                os.chmod(d, 0o777)
    else:
        for p in folder.iterdir():
            shutil.copy(scene.victim / "code.sh", scene.victim / "bash" / p.name)
        shutil.rmtree(folder)
        folder.symlink_to(scene.victim / "bash", target_is_directory=True)
    before = scene.outside()
    scene.visit(shell)
    scene.assert_nothing_happened(before)


@pytest.mark.parametrize("shell", SHELLS)
@pytest.mark.parametrize("how", ["other-uid", "0777"])
def test_a_folder_above_ours_that_another_user_controls_is_not_used(
        shell: str, how: str, tmp_path: Path) -> None:
    """XDG_CACHE_HOME and XDG_DATA_HOME on a shared disk, made by another user or open to
    anyone (not sticky, unlike /tmp): that user could rename our private folder in them
    away and put theirs, or a link, in its place between any check and the use. So no
    folder of ours is made or used there; the hook still exports the id, and says why."""
    if how == "other-uid":
        needs_root()
    proj = git_repo(tmp_path / "p")
    shared = tmp_path / "shared"
    shared.mkdir()
    env = {}
    for var, name in (("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data")):
        d = shared / name
        d.mkdir()
        if how == "other-uid":
            os.chown(d, OTHER_UID, OTHER_UID)
        else:
            os.chmod(d, 0o777)
        env[var] = str(d)

    def made() -> list[str]:  # (fish keeps its history in XDG_DATA_HOME/fish)
        return sorted(p.name for p in shared.rglob("*") if "fish" not in p.parts)

    with ShellDriver(shell, cwd=tmp_path, env=env) as sh:
        r = sh.source_hook("file")
        said = r.output + (r.after or "")
        r = sh.cd(proj)
        said += r.output + (r.after or "")
        assert sh.child_env()[VAR] == "p"
        assert sh.alive()
    assert "Traceback" not in said and "shellhooks: not using " in said, said
    assert made() == ["cache", "data"]
    envrc = tmp_path / "e"
    envrc.mkdir()
    (envrc / ".envrc").write_text(f"export {VAR}=e\n")
    res = subprocess.run([str(EXE), "allow", str(envrc)], capture_output=True, text=True,
                         env=dict(os.environ, **env), timeout=60)
    assert "Traceback" not in res.stderr and "shellhooks: not using " in res.stderr, res.stderr
    assert made() == ["cache", "data"]
