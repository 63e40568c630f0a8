"""The hook in real interactive bash, zsh and fish (pty): ids per project, trust, pin,
manual values, git-branch mode, collisions, odd paths, robustness and process counts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.shelldriver import (
    PACKAGE_SHELLS_DIR,
    SHELLS,
    Result,
    ShellDriver,
    quote,
    require_tool,
)

VAR = "CLAUDE_CODE_TASK_LIST_ID"
TODO = "CLAUDE_CODE_ENABLE_TODO_TOOLS"


def git_repo(path: Path, branch: str = "main") -> Path:
    """A git work tree without running git: what the hook and resolve look at."""
    (path / ".git" / "refs" / "heads").mkdir(parents=True, exist_ok=True)
    (path / ".git" / "HEAD").write_text(f"ref: refs/heads/{branch}\n", encoding="utf-8")
    return path


def said(r: Result) -> str:
    """What a command and the prompt after it printed (zsh and fish update on `cd` itself,
    bash at the next prompt)."""
    return r.output + (r.after + "\n" if r.after else "")


def hooked(shell: str, how: str = "init", **kw: object) -> ShellDriver:
    sh = ShellDriver(shell, **kw)  # type: ignore[arg-type]
    r = sh.source_hook(how)
    assert r.status == 0 and r.output == "" and r.after == "", r
    return sh


def export_cmd(shell: str, name: str, value: str) -> str:
    if shell == "fish":
        return f"set -gx {name} {quote(shell, value)}"
    return f"export {name}={quote(shell, value)}"


def unset_cmd(shell: str, name: str) -> str:
    return f"set -e {name}" if shell == "fish" else f"unset {name}"


def shellhooks(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / "shellhooks"
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True,
                          env=os.environ, timeout=60)


@pytest.mark.parametrize("shell", SHELLS)
def test_enter_leave_nested_and_task_tools(shell: str, tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "My Repo")
    inner = repo / "packages" / "api"
    inner.mkdir(parents=True)
    (inner / ".env").write_text(f"OTHER=1\n{VAR}=api-work\n", encoding="utf-8")
    assert shellhooks("allow", str(inner)).returncode == 0
    outside = tmp_path / "plain"
    outside.mkdir()
    with hooked(shell, cwd=outside) as sh:
        assert sh.var(VAR) is None
        sh.cd(repo / "packages")
        env = sh.child_env()
        assert env[VAR] == "my-repo"
        assert env[TODO] == "1"
        assert env["__SHELLHOOKS_ID"] == "my-repo"
        assert sh.var("SHELLHOOKS_SEGMENT")
        sh.cd(inner)
        assert sh.child_env()[VAR] == "api-work"
        sh.cd(repo)
        assert sh.var(VAR) == "my-repo"
        sh.cd(outside)
        env = sh.child_env()
        assert VAR not in env and TODO not in env and "__SHELLHOOKS_ID" not in env
        assert sh.var("SHELLHOOKS_SEGMENT") in ("", None)
        # `cd` and a command on the same line (zsh chpwd, fish PWD event): the id is there.
        if shell != "bash":
            out = sh.check(f"cd {quote(shell, repo)}; printenv {VAR}")
            assert out == "my-repo\n"


@pytest.mark.parametrize("shell", SHELLS)
def test_task_tools_opt_in_respects_user_value_and_config(shell: str, tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "proj")
    with hooked(shell, env={TODO: "0"}) as sh:
        sh.cd(repo)
        env = sh.child_env()
        assert env[VAR] == "proj" and env[TODO] == "0"
        sh.cd(tmp_path)
        assert sh.child_env()[TODO] == "0"  # never touched: the user's
    cfg = Path(os.environ["XDG_CONFIG_HOME"]) / "shellhooks" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text("[claude]\nenable_task_tools = false\n", encoding="utf-8")
    with hooked(shell) as sh:
        sh.cd(repo)
        env = sh.child_env()
        assert env[VAR] == "proj" and TODO not in env
        assert "CLAUDE_CODE_ENABLE_TASKS" not in env


@pytest.mark.parametrize("shell", SHELLS)
def test_each_source_kind(shell: str, tmp_path: Path) -> None:
    projects = {
        "local": (".claude/settings.local.json", json.dumps({"env": {VAR: "from-local"}})),
        "shared": (".claude/settings.json", json.dumps({"env": {VAR: "from-shared"}})),
        "envrc": (".envrc", f"export {VAR}='from-envrc'\n"),
        "dotenv": (".env", f'# comment\n{VAR}="from-dotenv"\nBAD LINE\n'),
    }
    for name, (rel, text) in projects.items():
        f = tmp_path / name / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text, encoding="utf-8")
        assert shellhooks("allow", str(tmp_path / name)).returncode == 0
    both = tmp_path / "both"
    (both / ".claude").mkdir(parents=True)
    (both / ".claude" / "settings.local.json").write_text(json.dumps({"env": {VAR: "local-wins"}}))
    (both / ".env").write_text(f"{VAR}=env-loses\n")
    assert shellhooks("allow", str(both)).returncode == 0
    ruled = tmp_path / "notes" / "q3"
    ruled.mkdir(parents=True)
    cfg = Path(os.environ["XDG_CONFIG_HOME"]) / "shellhooks" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text(f'[[rule]]\npath = "{tmp_path}/notes/*"\nid = "notes"\n', encoding="utf-8")
    with hooked(shell) as sh:
        for name in projects:
            r = sh.cd(tmp_path / name)
            assert said(r) == "", r
            assert sh.var(VAR) == f"from-{name}"
        sh.cd(both)
        assert sh.var(VAR) == "local-wins"
        sh.cd(ruled)
        assert sh.var(VAR) == "notes"
        sh.cd(tmp_path / "notes")  # the rule matches folders inside notes/, not notes/ itself
        assert sh.var(VAR) is None


@pytest.mark.parametrize("shell", SHELLS)
def test_trust_flow(shell: str, tmp_path: Path) -> None:
    proj = tmp_path / "cloned"
    proj.mkdir()
    (proj / ".env").write_text(f"{VAR}=evil$(touch pwned)\n", encoding="utf-8")
    with hooked(shell) as sh:
        r = sh.cd(proj)
        # zsh and fish update on `cd` itself, bash at the prompt: either way, one line.
        assert said(r) == (f"shellhooks: .env sets {VAR}=evil$(touch pwned); "
                           "run 'shellhooks allow' to use it\n"), r
        assert sh.var(VAR) is None
        sh.cd(tmp_path)
        assert said(sh.cd(proj)) == ""  # once per directory per shell
        assert sh.run("shellhooks allow").status == 0
        assert sh.enter().after == ""
        assert sh.var(VAR) == "evil$(touch pwned)"
        assert not (proj / "pwned").exists()
        # Editing the file blocks it again at the next prompt.
        sh.check(f"printf '%s\\n' {quote(shell, VAR + '=changed')} > .env")
        sh.enter()
        assert sh.var(VAR) is None
        assert sh.run("shellhooks allow").status == 0
        sh.enter()
        assert sh.var(VAR) == "changed"
        assert sh.run("shellhooks deny").status == 0
        assert sh.enter().after == ""
        assert sh.var(VAR) is None
        data = json.loads(shellhooks("status", "--json", cwd=proj).stdout)
        assert data["id"] is None


@pytest.mark.parametrize("shell", SHELLS)
def test_pin_takes_effect_at_next_prompt(shell: str, tmp_path: Path) -> None:
    proj = git_repo(tmp_path / "proj")
    with hooked(shell) as sh:
        sh.cd(proj)
        assert sh.var(VAR) == "proj"
        r = sh.run("shellhooks pin team-list")
        assert r.status == 0, r
        assert sh.var(VAR) == "team-list"
        assert (proj / ".env").read_text() == f"{VAR}=team-list\n"


@pytest.mark.parametrize("shell", SHELLS)
def test_manual_value_wins_until_unset(shell: str, tmp_path: Path) -> None:
    proj = git_repo(tmp_path / "proj")
    other = git_repo(tmp_path / "other")
    with hooked(shell) as sh:
        sh.cd(proj)
        sh.check(export_cmd(shell, VAR, "mine"))
        sh.enter()
        sh.cd(other)
        assert sh.var(VAR) == "mine"
        assert json.loads(shellhooks("status", "--json", cwd=other).stdout)["source"] == "git"
        r = sh.run("shellhooks status --json")
        assert json.loads(r.output)["source"] == "manual"
        sh.check(unset_cmd(shell, VAR))
        sh.enter()
        assert sh.var(VAR) == "other"
    # A child shell that inherited shellhooks' value goes on managing it.
    with hooked(shell, cwd=proj, env={VAR: "proj", "__SHELLHOOKS_ID": "proj"}) as sh:
        sh.cd(other)
        assert sh.var(VAR) == "other"
    # A value inherited from elsewhere is manual.
    with hooked(shell, cwd=proj, env={VAR: "inherited"}) as sh:
        sh.cd(other)
        assert sh.var(VAR) == "inherited"


@pytest.mark.parametrize("shell", SHELLS)
def test_git_branch_mode_follows_switch(shell: str, tmp_path: Path) -> None:
    require_tool("git")
    cfg = Path(os.environ["XDG_CONFIG_HOME"]) / "shellhooks" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text('auto = "git-branch"\n', encoding="utf-8")
    repo = tmp_path / "My Repo"
    repo.mkdir()
    genv = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t", GIT_COMMITTER_NAME="t",
                GIT_COMMITTER_EMAIL="t@t")
    for cmd in (["git", "init", "-q", "-b", "main"],
                ["git", "commit", "-q", "--allow-empty", "-m", "x"],
                ["git", "branch", "feature/x"]):
        subprocess.run(cmd, cwd=repo, check=True, env=genv, capture_output=True)
    with hooked(shell) as sh:
        sh.cd(repo)
        assert sh.var(VAR) == "my-repo-main"
        sh.check("git switch -q feature/x")
        assert sh.var(VAR) == "my-repo-feature-x"


@pytest.mark.parametrize("shell", SHELLS)
def test_name_collision_gets_distinct_id(shell: str, tmp_path: Path) -> None:
    first = git_repo(tmp_path / "acme" / "api")
    second = git_repo(tmp_path / "globex" / "api")
    with hooked(shell) as sh:
        sh.cd(first)
        assert sh.var(VAR) == "api"
        sh.cd(second)
        assert sh.var(VAR) == "api-globex"
        sh.cd(first)
        assert sh.var(VAR) == "api"
    out = shellhooks("status", cwd=second).stdout
    assert "api-globex" in out and "used by" in out


NASTY = "we'ird \"dir\" $(touch x) `touch y` \\n\nnë-日本"


@pytest.mark.parametrize("shell", SHELLS)
def test_odd_project_path_and_id(shell: str, tmp_path: Path) -> None:
    proj = tmp_path / NASTY
    (proj / "sub").mkdir(parents=True)
    odd_id = "-n $(touch z) `touch w` 'q' \"d\" \\ ünï"
    assert shellhooks("pin", "--", odd_id, str(proj)).returncode == 0
    with hooked(shell) as sh:
        assert sh.cd(proj).status == 0
        assert sh.var(VAR) == odd_id
        assert sh.child_env()[VAR] == odd_id
        sh.cd(proj / "sub")
        assert sh.var(VAR) == odd_id
        sh.cd(tmp_path)
        assert sh.var(VAR) is None
        prompt = sh.prompt_text()
    for name in "xyzw":
        assert not (proj / name).exists() and not (tmp_path / name).exists()
    assert "$(touch z)" not in prompt or odd_id in prompt  # shown only as text, if at all


@pytest.mark.parametrize("shell", SHELLS)
def test_status_preserved_and_loaded_twice(shell: str, tmp_path: Path) -> None:
    proj = git_repo(tmp_path / "proj")
    with hooked(shell) as sh:
        r = sh.run("false")
        assert r.prompt_status == 1
        sh.source_hook("init")
        sh.source_hook("file")
        r = sh.cd(proj)
        assert sh.var(VAR) == "proj"
        r = sh.run("false")
        assert r.prompt_status == 1
        n = sh.count_processes(lambda: sh.cd(tmp_path))
        assert n.execs <= 1, n.trace  # loaded three times, still one hook-env at most
        if shell == "bash":
            assert sh.check('printf "%s" "${PROMPT_COMMAND[*]}"').count("__shellhooks_hook") == 1
        elif shell == "zsh":
            assert sh.check('print -r -- "${precmd_functions[*]}"').count("__shellhooks") == 1
        else:
            out = sh.check("functions -q fish_right_prompt; and functions fish_right_prompt")
            assert out.count("__shellhooks_user_right_prompt") <= 2


@pytest.mark.parametrize("shell", SHELLS)
def test_ordinary_prompt_starts_no_process(shell: str, tmp_path: Path, claude) -> None:  # noqa: ANN001
    require_tool("strace")
    repo = git_repo(tmp_path / "big")
    claude.make_list("big", ["completed"] * 250 + ["pending"] * 250)
    git_repo(tmp_path / "small")
    with hooked(shell) as sh:
        sh.cd(repo)
        assert sh.var("SHELLHOOKS_SEGMENT")
        n = sh.count_processes(lambda: [sh.enter() for _ in range(3)])
        assert n.processes == 0, n.trace
        n = sh.count_processes(lambda: sh.cd(repo / ".git"))  # within the project
        assert n.processes == 0, n.trace
        n = sh.count_processes(lambda: sh.cd(tmp_path / "small"))  # a new project: 1 process
        assert n.execs == 1, n.trace
        n = sh.count_processes(lambda: sh.cd(repo))  # back, nothing changed
        assert n.processes == 0, n.trace


@pytest.mark.parametrize("shell", SHELLS)
def test_segment_follows_in_place_rewrite(shell: str, tmp_path: Path, claude) -> None:  # noqa: ANN001
    repo = git_repo(tmp_path / "seg")
    claude.make_list("seg", ["pending", "pending"])
    with hooked(shell) as sh:
        sh.cd(repo)
        before = sh.var("SHELLHOOKS_SEGMENT")
        folder = claude.tasks / "seg"
        dir_mtime = folder.stat().st_mtime_ns
        task = folder / "1.json"
        with open(task, "r+", encoding="utf-8") as f:  # in place, as other tools write
            text = f.read().replace('"pending"', '"completed"')
            f.seek(0)
            f.write(text)
            f.truncate()
        os.utime(folder, ns=(dir_mtime, dir_mtime))
        sh.enter()
        after = sh.var("SHELLHOOKS_SEGMENT")
        assert after != before
        assert "1/2" in (after or "")


@pytest.mark.parametrize("shell", SHELLS)
def test_segment_in_prompt_and_opt_out(shell: str, tmp_path: Path, claude) -> None:  # noqa: ANN001
    repo = git_repo(tmp_path / "shown")
    claude.make_list("shown", ["completed", "pending"])
    with hooked(shell) as sh:
        sh.cd(repo)
        assert "shown" in sh.prompt_text()
        sh.cd(tmp_path)
        assert "shown" not in sh.prompt_text()
    with hooked(shell, env={"SHELLHOOKS_PROMPT": "0"}) as sh:
        sh.cd(repo)
        assert sh.var(VAR) == "shown"
        assert "shown" not in sh.prompt_text()


@pytest.mark.parametrize("shell", SHELLS)
def test_disable_variable(shell: str, tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "proj")
    with hooked(shell, env={"SHELLHOOKS_DISABLE": "1"}) as sh:
        sh.cd(repo)
        assert sh.var(VAR) is None
    with hooked(shell) as sh:
        sh.cd(repo)
        assert sh.var(VAR) == "proj"
        sh.check(export_cmd(shell, "SHELLHOOKS_DISABLE", "1"))
        sh.enter()
        assert sh.var(VAR) is None


@pytest.mark.parametrize("shell", SHELLS)
def test_broken_executable_disables_hook_once(shell: str, tmp_path: Path) -> None:
    fake = tmp_path / "fakebin"
    fake.mkdir()
    (fake / "shellhooks").write_text("#!/bin/sh\necho boom >&2\nexit 1\n", encoding="utf-8")
    (fake / "shellhooks").chmod(0o755)
    path = f"{fake}:{os.environ['PATH']}"
    repo = git_repo(tmp_path / "proj")
    with ShellDriver(shell, env={"PATH": path}) as sh:
        sh.check(export_cmd(shell, "PATH", path))
        if shell == "zsh":
            sh.check("setopt errexit nounset pipefail")
        elif shell == "bash":
            sh.check("set -euo pipefail")
        r1 = sh.run(("source " if shell == "fish" else ". ")
                    + quote(shell, PACKAGE_SHELLS_DIR / f"hook.{shell}"))
        assert r1.status == 0
        r2 = sh.cd(repo)
        assert (said(r1) + said(r2)).count("the hook is off") == 1, (r1, r2)
        assert said(sh.cd(tmp_path)) == ""
        assert sh.alive()
        assert sh.var(VAR) is None


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_strict_mode_survives(shell: str, tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "proj")
    (repo / ".env").write_text(f"{VAR}=blocked\n")
    with ShellDriver(shell) as sh:
        sh.check("set -euo pipefail" if shell == "bash" else "setopt errexit nounset pipefail")
        sh.source_hook("init")
        r = sh.cd(repo)
        assert "run 'shellhooks allow'" in said(r)
        assert sh.var(VAR) == "proj"
        sh.cd(tmp_path)
        sh.check(export_cmd(shell, VAR, "manual"))
        sh.cd(repo)
        assert sh.var(VAR) == "manual"
        sh.check(unset_cmd(shell, VAR))
        sh.enter()
        assert sh.alive()
        assert sh.var(VAR) == "proj"


def test_bash_prompt_command_forms(tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "proj")
    # An array, with another user of it.
    with ShellDriver("bash") as sh:
        sh.check("PROMPT_COMMAND=('__other=1' 'true')")
        sh.source_hook()
        sh.cd(repo)
        assert sh.var(VAR) == "proj" and sh.var("__other") == "1"
    # A string that another tool rewrites at its first prompt (as bash-preexec does),
    # keeping what was there.
    with ShellDriver("bash") as sh:
        sh.check("PROMPT_COMMAND='__mine=1'")
        sh.source_hook()
        sh.check(
            "__tool_first() { PROMPT_COMMAND=\"__tool_pre; ${PROMPT_COMMAND//__tool_first;/}; "
            "__tool_post\"; }; __tool_pre() { :; }; __tool_post() { __post=1; }; "
            "PROMPT_COMMAND=\"__tool_first;$PROMPT_COMMAND\""
        )
        sh.enter()
        sh.cd(repo)
        assert sh.var(VAR) == "proj"
        assert sh.var("__mine") == "1" and sh.var("__post") == "1"
        assert sh.run("false").prompt_status == 1


@pytest.mark.parametrize("shell", SHELLS)
def test_non_interactive_shell_is_silent(shell: str, tmp_path: Path) -> None:
    require_tool(shell)
    repo = git_repo(tmp_path / "proj")
    hook = PACKAGE_SHELLS_DIR / f"hook.{shell}"
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
    if shell == "fish":
        script = (f"source {quote(shell, hook)}; cd {quote(shell, repo)}; "
                  f"set -q {VAR}; and echo set; true")
        argv = ["fish", "--no-config", "-c", script]
    else:
        script = (f". {quote(shell, hook)}; cd {quote(shell, repo)}; "
                  f"[ -n \"${{{VAR}+x}}\" ] && echo set; true")
        argv = [shell, "-c", script] if shell == "bash" else ["zsh", "-f", "-c", script]
    p = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
    assert (p.returncode, p.stdout, p.stderr) == (0, "", "")
    p = subprocess.run([sys.executable, "-m", "shellhooks", "init", shell], capture_output=True,
                       text=True, env=env, timeout=60)
    code = p.stdout
    if shell == "fish":
        argv = ["fish", "--no-config", "-c", code]
    else:
        argv = [shell, "-c", code] if shell == "bash" else ["zsh", "-f", "-c", code]
    p = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
    assert (p.returncode, p.stdout, p.stderr) == (0, "", "")


def test_static_checks() -> None:
    require_tool("shellcheck")
    files = [PACKAGE_SHELLS_DIR / name for name in
             ("hook.bash", "hook.common.sh", "claude.bash", "claude.common.sh")]
    p = subprocess.run(["shellcheck", *map(str, files)], capture_output=True, text=True)
    assert p.returncode == 0, p.stdout
    require_tool("zsh")
    # The *.common.sh files are read by zsh too.
    for f in [*PACKAGE_SHELLS_DIR.glob("*.zsh"), *PACKAGE_SHELLS_DIR.glob("*.common.sh")]:
        p = subprocess.run(["zsh", "-n", str(f)], capture_output=True, text=True)
        assert p.returncode == 0, (f, p.stderr)
    require_tool("fish")
    for f in PACKAGE_SHELLS_DIR.glob("*.fish"):
        p = subprocess.run(["fish", "--no-execute", str(f)], capture_output=True, text=True)
        assert p.returncode == 0, (f, p.stderr)


@pytest.mark.parametrize("shell", SHELLS)
def test_near_miss_warning_once_per_id(shell: str, tmp_path: Path, claude) -> None:  # noqa: ANN001
    claude.make_list("webapp-auth", ["pending", "completed"])
    a = git_repo(tmp_path / "a")
    b = git_repo(tmp_path / "b")
    with hooked(shell) as sh:
        r = sh.run(export_cmd(shell, VAR, "webap-auth"))
        r2 = sh.enter()
        text = said(r) + said(r2)
        assert text.count("did you mean 'webapp-auth'") == 1, (r, r2)
        assert said(sh.cd(a)) + said(sh.cd(b)) + said(sh.enter()) == ""


def test_fish_wraps_existing_right_prompt(tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "wrapped")
    with ShellDriver("fish") as sh:
        sh.check("function fish_right_prompt; printf 'USER-RIGHT'; end")
        sh.source_hook()
        sh.source_hook()  # twice: still one wrapper, the user's prompt kept
        sh.cd(repo)
        text = sh.prompt_text()
        assert "wrapped" in text and "USER-RIGHT" in text
        assert text.count("USER-RIGHT") == 1


def test_zsh_left_position_and_no_prompt_flag(tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "lefty")
    with ShellDriver("zsh", env={"SHELLHOOKS_PROMPT_POSITION": "left"}, cwd=tmp_path) as sh:
        sh.source_hook()
        sh.cd(repo)
        assert sh.var("PROMPT").startswith("lefty")  # type: ignore[union-attr]
        assert "lefty" not in (sh.var("RPROMPT") or "")
    with ShellDriver("zsh") as sh:
        sh.source_hook("init", "--no-prompt")
        sh.cd(repo)
        assert sh.var(VAR) == "lefty"
        assert "lefty" not in sh.prompt_text()


@pytest.mark.parametrize("shell", SHELLS)
def test_blank_value_counts_as_unset(shell: str, tmp_path: Path) -> None:
    repo = git_repo(tmp_path / "blank")
    with hooked(shell, cwd=tmp_path) as sh:
        sh.check(export_cmd(shell, VAR, "  "))
        sh.cd(repo)
        sh.enter()
        assert sh.var(VAR) == "blank"  # Claude Code would ignore the blanks: not manual
        n = sh.count_processes(lambda: [sh.enter() for _ in range(2)])
        assert n.processes == 0, n.trace
