# shellhooks: the `claude` launch wrapper for fish.
#
# `claude` becomes a function that first asks `shellhooks check --launch` whether the
# task list id in effect (including a one-off `CLAUDE_CODE_TASK_LIST_ID=x claude ...`)
# is a typo of an existing list, then runs the real claude with every argument
# untouched and returns its status. `command claude` bypasses the check. If the check
# cannot run or fails, claude starts anyway. Safe to source more than once.

# A user's own `claude` function (fish's `alias` makes one) keeps working: copy it
# under another name, then wrap it.
if functions -q claude; and not string match -q -- '*__shellhooks_claude_launch*' (functions claude)
    functions -e __shellhooks_claude_user
    functions --copy claude __shellhooks_claude_user
end

# Start the user's function or the real claude.
function __shellhooks_claude_launch
    if functions -q __shellhooks_claude_user
        __shellhooks_claude_user $argv
    else
        command claude $argv
    end
end

# `shellhooks check --launch` with the interpreter and package the hook found (no PATH
# lookup), else the `shellhooks` in an absolute PATH entry: a relative one (`.`, `bin`)
# would find a project's own `shellhooks`, and this runs in the project. Every argument
# gets a "+" in front so that none can pass for an option of `shellhooks check`.
function __shellhooks_claude_check
    set -l __shellhooks_claude_args
    for __shellhooks_claude_arg in $argv
        set -a __shellhooks_claude_args +$__shellhooks_claude_arg
    end
    if set -q __shellhooks_py[1]; and test "$__shellhooks_py[1]" != -
        # Gone since the hook found them (uninstalled, or its Python removed by an
        # upgrade): no check, and no "No such file or directory"; claude starts.
        if not test -x "$__shellhooks_py[1]"; or not set -q __shellhooks_lib[1]; or not test -d "$__shellhooks_lib[1]/shellhooks"
            return 1
        end
        $__shellhooks_py[1] -I -c 'import sys;sys.path.insert(0,sys.argv.pop(1));from shellhooks.cli import main;sys.exit(main(sys.argv[1:]))' \
            $__shellhooks_lib[1] check --launch $__shellhooks_claude_args
        return
    end
    for __shellhooks_claude_dir in $PATH
        if string match -q '/*' -- $__shellhooks_claude_dir; and test -f $__shellhooks_claude_dir/shellhooks -a -x $__shellhooks_claude_dir/shellhooks
            # Its interpreter gone (a Python upgrade): no check, and no raw "bad interpreter".
            read -l __shellhooks_claude_line <$__shellhooks_claude_dir/shellhooks
            set -l __shellhooks_claude_int (string match -rg '^#!(/\S*)' -- "$__shellhooks_claude_line")
            if set -q __shellhooks_claude_int[1]; and not test -x "$__shellhooks_claude_int[1]"
                return 1
            end
            $__shellhooks_claude_dir/shellhooks check --launch $__shellhooks_claude_args
            return
        end
    end
    return 1
end

# Bring the id up to date for $PWD before launching: the PWD event covers
# `cd proj; and claude`, but not a file changed on the same line (`shellhooks pin x; and
# claude`), which the hook sees at the next prompt. The hook's own update (no process
# when nothing changed). Not when the hook is off, broken or not loaded, and only while
# the variable is unset, the hook's own value or one direnv or mise applied (see
# claude.bash): a hand-set value wins anyway, and a
# one-off `CLAUDE_CODE_TASK_LIST_ID=x claude` (blank included: a session of its own)
# must not be replaced.
function __shellhooks_claude_sync
    if test -z "$__shellhooks_broken" -a "$SHELLHOOKS_DISABLE" != 1; and functions -q __shellhooks_update
        if not set -q CLAUDE_CODE_TASK_LIST_ID; or test -n "$__SHELLHOOKS_ID" -a "$CLAUDE_CODE_TASK_LIST_ID" = "$__SHELLHOOKS_ID"
            or test -n "$__shellhooks_e_manual" -a "$CLAUDE_CODE_TASK_LIST_ID" = "$__shellhooks_e_manual" -a "$__shellhooks_e_id" = "$__shellhooks_e_manual"
            or test "$DIRENV_DIFF|$__MISE_DIFF" != "$__shellhooks_mgr"
            __shellhooks_update
        end
    end
    return 0
end

function claude --description 'claude, after shellhooks checks the task list id for typos'
    # The answer comes back as the exit status (and the chosen id on stdout). A command
    # substitution reads from the terminal even when the function's input is redirected
    # (`claude -p x </dev/null`, `... | claude -p`): say so with an explicit /dev/null.
    __shellhooks_claude_sync
    set -l __shellhooks_claude_new
    set -l __shellhooks_claude_rc 0
    # What the hook already warned about in this shell: the check does not say it again.
    set -lx __SHELLHOOKS_WARNED "$__shellhooks_warned"
    if test -t 0
        set __shellhooks_claude_new (__shellhooks_claude_check $argv)
        set __shellhooks_claude_rc $status
    else
        set __shellhooks_claude_new (__shellhooks_claude_check $argv </dev/null)
        set __shellhooks_claude_rc $status
    end
    set -e __SHELLHOOKS_WARNED # not for claude itself
    switch $__shellhooks_claude_rc
        case 130 # the user answered q
            return 130
        case 3 # refused (strict near miss, or another folder's list)
            return 3
        case 10
            if test -n "$__shellhooks_claude_new[1]"
                CLAUDE_CODE_TASK_LIST_ID=$__shellhooks_claude_new[1] __shellhooks_claude_launch $argv
                return $status
            end
    end
    # Any other status (shellhooks missing, broken, interrupted oddly): launch unchanged.
    __shellhooks_claude_launch $argv
end
