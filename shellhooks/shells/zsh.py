"""zsh: `precmd`/`chpwd`, `$'..'` quoting, prompt `%` escaping."""

from __future__ import annotations

from shellhooks.shells import Entry, sgr_parts, stat_snapshot
from shellhooks.shells._posix import PosixLike


class Zsh(PosixLike):
    name = "zsh"
    ext = "zsh"

    def prompt_escape(self, segment: str) -> str:
        """For PROMPT/RPROMPT: `%` doubled, colour codes inside `%{ %}` (the only `%{` and the
        only ESC in the value). A user's prompt shows it as `${SHELLHOOKS_SEGMENT}` under
        PROMPT_SUBST, whose value is not expanded again. The hook's own placement
        (`__shellhooks_place_now` in hook.zsh) puts it in the prompt with each `$`,
        backtick, backslash and `!` replaced by a psvar reference (`%61v`...), which no
        prompt option set later can expand, so `$(...)` and backticks stay text."""
        return "".join("%{" + p + "%}" if colour else p.replace("%", "%%")
                       for p, colour in sgr_parts(segment))

    def fresh_function(self, e: Entry) -> str:
        """`__shellhooks_fresh` as one `zstat` of every file (`zsh/stat`, loaded here if
        needed, only its `zstat` builtin: the module's `stat` would hide the command)
        compared with the mtimes recorded after the read; ~2 us a file where `-nt` costs
        ~4 (it stats both files). The file list is an array, shared with the fallback for a
        zsh without the module: today's `-e` and `-nt` tests, in a loop."""
        snap = stat_snapshot(e)
        if snap is None:
            return "__shellhooks_e_f=()\n__shellhooks_fresh() { return 1; }"
        files, secs, recent, absent = snap
        q = self.quote
        s = q(e.stamp)
        test = f'"${{(j: :)m}}" == {q(" ".join(secs))}'
        test += "".join(f" && ! -e {q(p)}" for p in absent)
        zstat = ("local m; \\builtin zstat -A m +mtime -- \"${__shellhooks_e_f[@]}\" 2>/dev/null"
                 f" && [[ {test} ]]")
        if recent:
            # `-nt` for `recent` files until the stamp's second is over (stat_snapshot).
            nt = " && ".join(f"! {q(p)} -nt {s}" for p in recent)
            zstat += (" || return 1; [[ -n $__shellhooks_e_ok ]] && return 0; "
                      f"[[ {nt} ]] || return 1; "
                      f"[[ ${{(%):-%D{{%s}}}} -gt {int(secs[0]) + 1} ]] && "
                      "__shellhooks_e_ok=1; return 0")
        ex = " && ".join(f"! -e {q(p)}" for p in absent) or "-n 1"
        # The task files as one brace expansion (expanded once, when the entry is
        # evaluated): a 20-task entry is half the size to store, read and parse.
        n = len(e.task_files)
        stems = [f[:-5] for f in e.task_files if f.endswith(".json") and f[:-5].isdigit()]
        words = list(map(q, files))
        if n >= 2 and len(stems) == n:
            words[-n:] = [q(e.task_folder) + "/{" + ",".join(stems) + "}.json"]
        return (
            "__shellhooks_e_f=(" + " ".join(words) + ") __shellhooks_e_ok=\n"
            "if (( ${+builtins[zstat]} )) || "
            "\\builtin zmodload -F zsh/stat b:zstat 2>/dev/null; then\n"
            f"__shellhooks_fresh() {{ {zstat}; }}\n"
            "else\n"
            "__shellhooks_fresh() { local f; for f in \"${__shellhooks_e_f[@]}\"; do "
            f"[[ -e $f && ! $f -nt {s} ]] || return 1; done; [[ {ex} ]]; }}\n"
            "fi"
        )
