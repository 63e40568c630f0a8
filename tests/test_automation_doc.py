"""docs/automation.md: every recipe runs as written, against a stand-in `claude`.

The stand-in records the list id and opt-in it was started with and writes tasks as
Claude Code does (tests/fake_claude_writer.py). The GitHub Actions step runs in bash as
the runner starts it (`bash --noprofile --norc -eo pipefail`), the cron line under
`env -i` with cron's PATH, the Python and Node recipes with their own interpreters.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "automation.md"
VENV_BIN = Path(sys.executable).parent

STAND_IN = """#!{python}
import json, os, sys
from pathlib import Path
sys.path.insert(0, {repo!r})
from tests.fake_claude_writer import FakeClaude

home = Path(os.environ["HOME"])
with open(home / "claude-runs.jsonl", "a") as f:
    f.write(json.dumps({{"id": os.environ.get("CLAUDE_CODE_TASK_LIST_ID"),
                         "todo": os.environ.get("CLAUDE_CODE_ENABLE_TODO_TOOLS"),
                         "args": sys.argv[1:], "cwd": os.getcwd()}}) + "\\n")
list_id = os.environ.get("CLAUDE_CODE_TASK_LIST_ID")
if list_id:
    root = Path(os.environ.get("CLAUDE_CONFIG_DIR") or home / ".claude")
    fake = FakeClaude(root, list_id, run_hooks=False, wipe_delay=3600)
    fake.create("Reviewed")
    fake.update("1", status="completed")
    if {leave_open!r}:
        fake.create("Still to do")
print("claude: done")
"""


def blocks(lang: str) -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    return re.findall(rf"^```{lang}\n(.*?)^```$", text, flags=re.S | re.M)


def stand_in(bindir: Path, leave_open: bool) -> Path:
    bindir.mkdir(parents=True, exist_ok=True)
    exe = bindir / "claude"
    exe.write_text(STAND_IN.format(python=sys.executable, repo=str(REPO),
                                   leave_open=leave_open), encoding="utf-8")
    exe.chmod(0o755)
    return exe


def runs(home: Path) -> list[dict[str, object]]:
    log = home / "claude-runs.jsonl"
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def env_with(bindir: Path) -> dict[str, str]:
    return {**os.environ, "PATH": os.pathsep.join([str(bindir), str(VENV_BIN),
                                                   os.environ["PATH"]])}


def test_command_examples_run(isolated_home: Path, tmp_path: Path) -> None:
    env = env_with(tmp_path / "bin")
    found = blocks("sh")
    assert found
    for block in found:
        r = subprocess.run(["bash", "--noprofile", "--norc", "-euo", "pipefail", "-c", block],
                           cwd=isolated_home, env=env, capture_output=True, text=True,
                           timeout=60)
        assert (r.returncode, r.stderr) == (0, ""), block
        assert "list: " in r.stdout


def yaml_step_run(name: str) -> tuple[str, dict[str, str]]:
    """The `run:` script and `env:` of the workflow step called `name` (no YAML parser:
    the block is indented plainly)."""
    (workflow,) = blocks("yaml")
    lines = workflow.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == f"- name: {name}")
    indent = len(lines[start]) - len(lines[start].lstrip()) + 2
    step = []
    for line in lines[start + 1:]:
        if line.strip() and len(line) - len(line.lstrip()) < indent:
            break
        step.append(line[indent:])
    text = "\n".join(step)
    run = re.search(r"^run: \|\n((?:  .*\n?|\n)*)", text, flags=re.M)
    env = dict(re.findall(r"^  (\w+): (.*)$", text.split("run:")[0], flags=re.M))
    assert run
    return "\n".join(line[2:] for line in run.group(1).splitlines()), env


def github_expr(value: str, pr: int) -> str:
    return value.replace("${{ github.event.pull_request.number }}", str(pr)) \
        .replace("${{ secrets.ANTHROPIC_API_KEY }}", "not-a-key")


@pytest.mark.parametrize("leave_open", [True, False])
def test_github_actions_step(isolated_home: Path, tmp_path: Path, leave_open: bool) -> None:
    script, step_env = yaml_step_run("Review on the pull request's own list")
    checkout = tmp_path / "checkout"
    (checkout / ".git").mkdir(parents=True)
    bindir = tmp_path / "bin"
    stand_in(bindir, leave_open)
    env = {**env_with(bindir), **{k: github_expr(v, 42) for k, v in step_env.items()}}
    r = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                       cwd=checkout, env=env, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in r.stderr
    assert [(x["id"], x["todo"]) for x in runs(isolated_home)] == [("pr-42", "1")]
    assert r.stdout == "claude: done\n"
    if leave_open:
        assert r.returncode == 1  # the job fails while the list has open tasks
        assert r.stderr == ("shellhooks: 1 task still open in the list pr-42:\n"
                            "  #2 [pending] Still to do\n")
    else:
        assert (r.returncode, r.stderr) == (0, "")
    # The artifact step keeps exactly the folder the run wrote.
    (workflow,) = blocks("yaml")
    path = re.search(r"path: (.*)", workflow)
    assert path
    kept = Path(github_expr(path.group(1), 42).replace("~", str(isolated_home), 1))
    assert sorted(p.name for p in kept.glob("*.json")) == (["1.json", "2.json"] if leave_open
                                                            else ["1.json"])


def project(tmp_path: Path) -> Path:
    proj = tmp_path / "webapp"
    (proj / ".git").mkdir(parents=True)
    return proj


def test_python_recipe(isolated_home: Path, tmp_path: Path) -> None:
    (code,) = blocks("python")
    script = tmp_path / "recipe.py"
    script.write_text(code, encoding="utf-8")
    proj = project(tmp_path)
    r = subprocess.run([sys.executable, str(script)], cwd=proj, capture_output=True,
                       text=True, env=env_with(stand_in(tmp_path / "bin", False).parent),
                       timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[-1] == "list: webapp"
    assert [(x["id"], x["todo"], x["cwd"]) for x in runs(isolated_home)] == [
        ("webapp", "1", str(proj))]


@pytest.mark.skipif(not shutil.which("node"), reason="node is not installed")
def test_node_recipe(isolated_home: Path, tmp_path: Path) -> None:
    (code,) = blocks("js")
    script = tmp_path / "recipe.js"
    script.write_text(code, encoding="utf-8")
    proj = project(tmp_path)
    r = subprocess.run(["node", str(script)], cwd=proj, capture_output=True, text=True,
                       env=env_with(stand_in(tmp_path / "bin", False).parent), timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "list: webapp"
    assert [(x["id"], x["todo"]) for x in runs(isolated_home)] == [("webapp", "1")]


def test_cron_line(isolated_home: Path, tmp_path: Path) -> None:
    (crontab,) = [b for b in blocks("text") if "# m h dom mon dow" in b]
    line = next(x for x in crontab.splitlines() if x and not x.startswith("#"))
    command = line.split(None, 5)[5]
    local_bin = isolated_home / ".local" / "bin"
    stand_in(local_bin, True)
    (local_bin / "shellhooks").symlink_to(VENV_BIN / "shellhooks")
    (isolated_home / "src" / "webapp" / ".git").mkdir(parents=True)
    # What cron gives a job: HOME, LOGNAME, PATH=/usr/bin:/bin, SHELL=/bin/sh; nothing else.
    r = subprocess.run(["env", "-i", f"HOME={isolated_home}", "LOGNAME=test",
                        "PATH=/usr/bin:/bin", "SHELL=/bin/sh", "/bin/sh", "-c", command],
                       capture_output=True, text=True, timeout=60)
    assert (r.returncode, r.stdout, r.stderr) == (1, "", "")  # all of it went to the log
    log = (isolated_home / "triage.log").read_text()
    assert log == ("claude: done\nshellhooks: 1 task still open in the list webapp:\n"
                   "  #2 [pending] Still to do\n")
    assert [x["id"] for x in runs(isolated_home)] == ["webapp"]
    assert (isolated_home / ".claude" / "tasks" / "webapp" / "2.json").exists()
