"""`shellhooks doctor`: a good setup (in a real shell with the hook), a broken one, and the
individual checks' verdicts."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from shellhooks import claude_hooks_setting
from shellhooks.cli import main
from shellhooks.commands import doctor
from tests.shelldriver import ShellDriver, quote
from tests.taskfixtures import ClaudeHome


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["doctor", *args])
    out, _err = capsys.readouterr()
    return code, out


def verdicts(capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, dict[str, str]]]:
    code, out = run(capsys, "--json")
    return code, {f["name"]: f for f in json.loads(out)}


def git_project(path: Path) -> Path:
    path.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(path)], check=True, timeout=60)
    return path


def test_good_setup_in_a_real_shell(isolated_home: Path, claude: ClaudeHome,
                                    tmp_path: Path) -> None:
    project = git_project(isolated_home / "code" / "webapp")
    claude.make_list("webapp", ["pending", "completed"])
    (isolated_home / ".bashrc").write_text('eval "$(shellhooks init bash)"\n', encoding="utf-8")
    settings = {"statusLine": {"type": "command", "command": "shellhooks statusline"}}
    (claude.root / "settings.json").write_text(
        json.dumps(claude_hooks_setting.add_hooks(settings, "shellhooks")), encoding="utf-8")
    cfg = isolated_home / ".config" / "shellhooks" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text('auto = "git"\n', encoding="utf-8")
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir()
    (fake_bin / "claude").write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    (fake_bin / "claude").chmod(0o755)
    with ShellDriver("bash") as sh:
        sh.source_hook()
        sh.check("PATH=" + quote("bash", fake_bin) + ':"$PATH"')
        sh.cd(project)
        r = sh.run("shellhooks doctor")
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert r.status == 0, r
    assert len(lines) == len(doctor.CHECKS)
    assert all(ln.startswith("ok ") for ln in lines), r.output
    assert "'webapp' from git" in r.output
    assert "loaded in this shell" in r.output


def test_broken_setup_fails_with_fixes(isolated_home: Path, claude: ClaudeHome,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    cfg = isolated_home / ".config" / "shellhooks" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text("auto = [unclosed\n", encoding="utf-8")
    trust = isolated_home / ".local" / "share" / "shellhooks" / "trust.json"
    trust.parent.mkdir(parents=True)
    trust.write_text("{not json", encoding="utf-8")
    claude.tasks.rmdir()
    claude.tasks.write_text("not a folder", encoding="utf-8")
    (claude.root / "settings.json").write_text("{", encoding="utf-8")
    code, out = run(capsys)
    assert code == 1
    failed = {ln.split()[1].rstrip(":") for ln in out.splitlines() if ln.startswith("fail")}
    assert {"config", "trust", "tasks", "statusLine"} <= failed, out
    for ln in out.splitlines():
        if ln.startswith(("fail", "warn")):
            assert "; fix: " in ln, ln


def test_invalid_config_value_fails(isolated_home: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    cfg = isolated_home / ".config" / "shellhooks" / "config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text('auto = "sometimes"\n', encoding="utf-8")
    code, v = verdicts(capsys)
    assert code == 1 and v["config"]["status"] == "fail", v["config"]


def test_hook_missing_in_a_project(isolated_home: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    project = git_project(isolated_home / "proj")
    monkeypatch.chdir(project)
    code, v = verdicts(capsys)
    assert v["hook"]["status"] == "fail" and "'proj' applies" in v["hook"]["message"]
    assert code == 1
    monkeypatch.setenv("SHELLHOOKS_DISABLE", "1")
    _, v = verdicts(capsys)
    assert v["hook"]["status"] == "warn" and "SHELLHOOKS_DISABLE" in v["hook"]["message"]


def test_rc_block_with_a_missing_hook_file_fails(isolated_home: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (isolated_home / ".bashrc").write_text(
        "# >>> shellhooks >>>\n. \"$HOME\"/'.local/share/shellhooks/lib/shellhooks/shells/"
        "hook.bash'\n# <<< shellhooks <<<\n", encoding="utf-8")
    _, v = verdicts(capsys)
    assert v["rc files"]["status"] == "fail" and "install.sh" in v["rc files"]["fix"]
    link = isolated_home / ".local/share/shellhooks/lib/shellhooks"
    link.parent.mkdir(parents=True)
    link.symlink_to(Path(doctor.__file__).resolve().parent.parent)
    _, v = verdicts(capsys)
    assert v["rc files"]["status"] == "ok" and "~/.bashrc" in v["rc files"]["message"]


def test_other_managers_and_blocked_file(isolated_home: Path, claude: ClaudeHome,
                                         monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    project = isolated_home / "p"
    project.mkdir()
    (project / ".env").write_text("CLAUDE_CODE_TASK_LIST_ID=other\n", encoding="utf-8")
    monkeypatch.chdir(project)
    _, v = verdicts(capsys)
    assert v["id"]["status"] == "warn" and v["id"]["fix"] == (
        "if you trust ~/p/.env: shellhooks allow ~/p")
    assert v["other tools"]["status"] == "ok"
    (claude.root / "settings.json").write_text(
        json.dumps({"env": {"CLAUDE_CODE_TASK_LIST_ID": "everything"}}), encoding="utf-8")
    _, v = verdicts(capsys)
    assert v["other tools"]["status"] == "warn" and "everything" in v["other tools"]["message"]
    assert v["statusLine"]["status"] == "warn"


def test_another_statusline_is_a_warning(claude: ClaudeHome,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    (claude.root / "settings.json").write_text(
        json.dumps({"statusLine": {"type": "command", "command": "starship prompt"}}),
        encoding="utf-8")
    _, v = verdicts(capsys)
    assert v["statusLine"]["status"] == "warn" and "--chain" in v["statusLine"]["fix"]


def test_a_crashing_check_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    def check_boom(ctx: doctor.Context) -> doctor.Finding:
        raise RuntimeError("boom")

    monkeypatch.setattr(doctor, "CHECKS", [*doctor.CHECKS, check_boom])
    code, out = run(capsys)
    assert code == 1
    assert "fail  boom:" in out and "boom" in out.splitlines()[-1]


def test_untrusted_text_is_cleaned(isolated_home: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("CLAUDE_CODE_TASK_LIST_ID", "evil\x1b[31mred")
    monkeypatch.setenv("__SHELLHOOKS_ID", "evil\x1b[31mred")
    _, out = run(capsys)
    assert "\x1b" not in out
    assert "evil\\x1b[31mred" in out  # the exported value, escaped visibly
    assert os.environ["CLAUDE_CODE_TASK_LIST_ID"].startswith("evil")


def test_python_m_shellhooks_from_the_current_folder_fails(
    isolated_home: Path, claude: ClaudeHome, capsys: pytest.CaptureFixture[str]
) -> None:
    """Claude Code runs its hooks and statusLine in the project; a terminal may open in
    one: `python -m shellhooks` there would import the project's files."""
    _, v = verdicts(capsys)
    assert v["isolation"]["status"] == "ok"
    settings = {"statusLine": {"type": "command", "command": "python3 -I -m shellhooks statusline"},
                "hooks": {"SessionStart": [{"matcher": "", "hooks": [
                    {"type": "command", "command": "/usr/bin/python3 -m shellhooks claude-hook "
                                                   "SessionStart"}]}]}}
    (claude.root / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    code, v = verdicts(capsys)
    assert code == 1 and v["isolation"]["status"] == "fail"
    assert "hooks.SessionStart" in v["isolation"]["message"]
    assert "statusLine" not in v["isolation"]["message"]  # -I: isolated
    (claude.root / "settings.json").write_text("{}", encoding="utf-8")
    (isolated_home / ".bashrc").write_text('eval "$(python3 -m shellhooks init bash)"\n',
                                           encoding="utf-8")
    code, v = verdicts(capsys)
    assert code == 1 and ".bashrc" in v["isolation"]["message"], v["isolation"]


def test_near_miss_id_is_a_warning_with_the_fix(isolated_home: Path, claude: ClaudeHome,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    claude.make_list("webapp-auth", ["pending"])
    project = isolated_home / "p"
    project.mkdir()
    (project / ".env").write_text("A=1\nCLAUDE_CODE_TASK_LIST_ID=webap-auth\n", encoding="utf-8")
    assert main(["allow", str(project)]) == 0
    monkeypatch.chdir(project)
    _, v = verdicts(capsys)
    assert v["id"]["status"] == "warn" and "did you mean 'webapp-auth'" in v["id"]["message"]
    assert v["id"]["fix"] == "edit ~/p/.env:2 to say 'webapp-auth'"
    assert v["id"]["fixable"] is False  # a project file is the user's to edit


def test_missing_path_entry_is_a_warning_with_the_line(isolated_home: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    local_bin = isolated_home / ".local" / "bin"
    local_bin.mkdir(parents=True)
    (local_bin / "shellhooks").write_text("#!/bin/sh\n", encoding="utf-8")
    (local_bin / "shellhooks").chmod(0o755)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    monkeypatch.setenv("SHELL", "/usr/bin/fish")
    _, v = verdicts(capsys)
    assert v["shellhooks"]["status"] == "warn" and "fish_add_path ~/.local/bin" in v[
        "shellhooks"]["fix"]
    monkeypatch.setenv("SHELL", "/bin/bash")
    _, v = verdicts(capsys)
    assert 'export PATH="$HOME/.local/bin:$PATH"' in v["shellhooks"]["fix"]


def test_missing_and_stale_claude_settings_are_warnings(
        claude: ClaudeHome, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, v = verdicts(capsys)
    assert v["claude hooks"]["status"] == "warn"
    assert v["claude hooks"]["fix"] == "shellhooks setup claude-hooks"
    assert "the task history is partial" in v["claude hooks"]["message"]
    assert v["statusLine"]["status"] == "warn" and v["statusLine"]["fixable"] is True
    gone = str(tmp_path / "old-venv" / "bin" / "shellhooks")
    settings = {"statusLine": {"type": "command", "command": f"{gone} statusline --chain 'x y'",
                               "padding": 2}}
    (claude.root / "settings.json").write_text(
        json.dumps(claude_hooks_setting.add_hooks(settings, gone)), encoding="utf-8")
    _, v = verdicts(capsys)
    assert v["statusLine"]["status"] == "warn" and "not there any more" in v[
        "statusLine"]["message"]
    assert v["claude hooks"]["status"] == "warn" and gone in v["claude hooks"]["message"]


def test_fix_without_a_terminal_lists_and_needs_yes(
        claude: ClaudeHome, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    gone = str(tmp_path / "old-venv" / "bin" / "shellhooks")
    settings_file = claude.root / "settings.json"
    before = {"statusLine": {"type": "command", "command": f"{gone} statusline --chain 'x y'",
                             "padding": 2}, "theme": "dark"}
    settings_file.write_text(json.dumps(before), encoding="utf-8")
    monkeypatch.setattr("sys.stdin", open(os.devnull))  # noqa: SIM115 - not a terminal
    code, out = run(capsys, "--fix")
    assert code == 1 and "doctor --fix --yes" in out
    assert json.loads(settings_file.read_text(encoding="utf-8")) == before  # nothing changed
    code, out = run(capsys, "--fix", "--yes")
    after = json.loads(settings_file.read_text(encoding="utf-8"))
    assert after["theme"] == "dark" and after["statusLine"]["padding"] == 2
    assert after["statusLine"]["command"] == "shellhooks statusline --chain 'x y'"
    assert "claude-hook SessionStart" in json.dumps(after["hooks"])
    _, v = verdicts(capsys)
    assert v["statusLine"]["status"] == "ok" and v["claude hooks"]["status"] == "ok"
    assert list(claude.root.glob("settings.json.bak*")), "the usual backup"


def test_fix_on_a_terminal_asks_first(claude: ClaudeHome, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    answers = iter(["n", "y"])  # statusLine: no; claude hooks: yes
    asked: list[str] = []

    def fake_input(question: str) -> str:
        asked.append(question)
        return next(answers)

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", fake_input)
    run(capsys, "--fix")
    assert [q.split(":")[0] for q in asked] == ["statusLine", "claude hooks"]
    after = json.loads((claude.root / "settings.json").read_text(encoding="utf-8"))
    assert "statusLine" not in after and "hooks" in after
