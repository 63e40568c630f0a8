# shellhooks: the `claude` launch wrapper for zsh.
#
# `claude` becomes a function that first asks `shellhooks check --launch` whether the
# task list id in effect (including a one-off `CLAUDE_CODE_TASK_LIST_ID=x claude ...`)
# is a typo of an existing list, then runs the real claude with every argument
# untouched and returns its status. `command claude` bypasses the check. If the check
# cannot run or fails, claude starts anyway. Safe to source more than once.

# A user's own `claude` alias or function keeps working: remember it, then wrap it.
if (( ${+aliases[claude]} )); then
    typeset -g __shellhooks_claude_alias=${aliases[claude]}
    \builtin unalias claude
fi
if (( ${+functions[claude]} )) && [[ ${functions[claude]} != *__shellhooks_claude_layer* ]]; then
    # An autoloaded function not loaded yet would load under the wrong name: load it now.
    if [[ ${functions[claude]} == *'builtin autoload -X'* ]]; then
        \builtin autoload +X claude 2>/dev/null
    fi
    functions[__shellhooks_claude_user]=${functions[claude]}
fi

# The real claude.
__shellhooks_claude_real() {
    \builtin command claude "$@"
}

# The check finds `shellhooks` on PATH by the hook's rule (__shellhooks_on_path), loaded
# before this file by the hook; this file loaded alone reads it. (`shellhooks init` drops
# the line: its output has the hook's functions, or, with the hook off, its interpreter.)
(( ${+functions[__shellhooks_on_path]} )) || \builtin source "${${(%):-%x}:h}/hook.common.sh"

# The launch, the check and `claude` itself, from this file's folder (`shellhooks init`
# puts the file here inline).
\builtin source "${${(%):-%x}:h}/claude.common.sh"
