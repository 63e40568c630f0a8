# shellcheck shell=bash
# shellhooks: the `claude` launch wrapper for bash.
#
# `claude` becomes a function that first asks `shellhooks check --launch` whether the
# task list id in effect (including a one-off `CLAUDE_CODE_TASK_LIST_ID=x claude ...`)
# is a typo of an existing list, then runs the real claude with every argument
# untouched and returns its status. `command claude` bypasses the check. If the check
# cannot run or fails, claude starts anyway. Safe to source more than once.

# A user's own `claude` alias or function keeps working: remember it, then wrap it.
if [[ -n ${BASH_ALIASES[claude]+set} ]]; then
    __shellhooks_claude_alias=${BASH_ALIASES[claude]}
    \builtin unalias claude
fi
if \builtin declare -F claude >/dev/null 2>&1; then
    __shellhooks_claude_def=$(\builtin declare -f claude)
    if [[ $__shellhooks_claude_def != *__shellhooks_claude_layer* ]]; then
        \builtin eval "__shellhooks_claude_user${__shellhooks_claude_def#claude}"
    fi
    \builtin unset __shellhooks_claude_def
fi

# The real claude. (Not `builtin command`: bash 5.2 then exits a `set -e` script even in
# `f || g`.)
__shellhooks_claude_real() {
    \command claude "$@"
}

# The check finds `shellhooks` on PATH by the hook's rule (__shellhooks_on_path), loaded
# before this file by the hook; this file loaded alone reads it. (`shellhooks init` drops
# the line: its output has the hook's functions, or, with the hook off, its interpreter.)
\builtin declare -F __shellhooks_on_path >/dev/null || \builtin source "${BASH_SOURCE[0]%claude.bash}./hook.common.sh"

# The launch, the check and `claude` itself, from this file's folder (`.../shells/./`, or
# `./` when sourced by its bare name; `shellhooks init` puts the file here inline).
\builtin source "${BASH_SOURCE[0]%claude.bash}./claude.common.sh"
