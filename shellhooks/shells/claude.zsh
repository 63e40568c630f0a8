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

# Start the user's alias, the user's function or the real claude.
__shellhooks_claude_launch() {
    if [[ -n ${__shellhooks_claude_alias-} ]]; then
        \builtin local __shellhooks_claude_layer=alias
        \builtin eval "${__shellhooks_claude_alias}"' "$@"'
    elif (( ${+functions[__shellhooks_claude_user]} )); then
        \builtin local __shellhooks_claude_layer=function
        __shellhooks_claude_user "$@"
    else
        \builtin command claude "$@"
    fi
}

# The check; prints the id to use instead on stdout. Runs with zsh's default options
# so that the user's setopts cannot change how it quotes, while the launch itself (in
# `claude` below) keeps the user's options for the user's own alias or function.
__shellhooks_claude_check() {
    \builtin emulate -L zsh
    # The interpreter and package the hook found (no PATH lookup), else `shellhooks` in an
    # absolute PATH entry: a relative one (`.`, an empty entry, `bin`) would find a
    # project's own `shellhooks`, and this runs in the project. Every argument gets a "+"
    # in front so that none can pass for an option.
    if [[ -n ${__shellhooks_py-} && $__shellhooks_py != - ]]; then
        # Gone since the hook found them (uninstalled, or its Python removed by an
        # upgrade): no check, and no "No such file or directory"; claude starts.
        [[ -x $__shellhooks_py && -d ${__shellhooks_lib-}/shellhooks ]] || \builtin return 1
        "$__shellhooks_py" -I -c 'import sys;sys.path.insert(0,sys.argv.pop(1));from shellhooks.cli import main;sys.exit(main(sys.argv[1:]))' \
            "$__shellhooks_lib" check --launch "${@/#/+}"
        \builtin return
    fi
    \builtin local dir line
    for dir in "${path[@]}"; do
        if [[ $dir == /* && -f $dir/shellhooks && -x $dir/shellhooks ]]; then
            # Its interpreter gone (a Python upgrade): no check, and no raw "bad interpreter".
            line= && { \builtin read -r line <"$dir/shellhooks" || :; }
            if [[ $line == '#!/'* ]]; then
                line=${line#\#!} line=${line%%[[:space:]]*}
                [[ -x $line ]] || \builtin return 1
            fi
            "$dir/shellhooks" check --launch "${@/#/+}"
            \builtin return
        fi
    done
    \builtin return 1
}

# Bring the id up to date for $PWD before launching: `chpwd` covers `cd proj && claude`,
# but not a file changed on the same line (`shellhooks pin x && claude`), which the hook
# sees at the next prompt. The hook's own update (no process when nothing changed).
# Not when the hook is off, broken or not loaded, and only while the variable is unset,
# the hook's own value or one direnv or mise applied: a hand-set value wins anyway, and a one-off
# `CLAUDE_CODE_TASK_LIST_ID=x claude` (blank included: a session of its own) must not be
# replaced.
__shellhooks_claude_sync() {
    \builtin emulate -L zsh
    if [[ -z ${__shellhooks_broken-} && ${SHELLHOOKS_DISABLE-} != 1 ]] \
        && (( ${+functions[__shellhooks_update]} )) \
        && [[ -z ${CLAUDE_CODE_TASK_LIST_ID+x} \
              || ( -n ${__SHELLHOOKS_ID-} && $CLAUDE_CODE_TASK_LIST_ID == "$__SHELLHOOKS_ID" )
              || ( -n ${__shellhooks_e_m-} && $CLAUDE_CODE_TASK_LIST_ID == "$__shellhooks_e_m"
                   && ${__shellhooks_e_id-} == "$__shellhooks_e_m" )
              || "${DIRENV_DIFF-}|${__MISE_DIFF-}" != "${__shellhooks_mgr-}" ]]; then
        __shellhooks_update || :
    fi
    \builtin return 0
}

function claude {
    # Called again from inside the user's alias or function: that `claude` means the
    # next layer down, already checked.
    if [[ -n ${__shellhooks_claude_layer-} ]]; then
        if [[ $__shellhooks_claude_layer == alias ]] && (( ${+functions[__shellhooks_claude_user]} )); then
            \builtin local __shellhooks_claude_layer=function
            __shellhooks_claude_user "$@"
        else
            \builtin command claude "$@"
        fi
        \builtin return
    fi
    __shellhooks_claude_sync
    \builtin local __shellhooks_claude_new="" __shellhooks_claude_rc=0
    # The answer comes back as the exit status (and the chosen id on stdout).
    # `|| rc=$?` keeps a failure from ending a shell running `set -e`.
    # What the hook already warned about in this shell: the check does not say it again.
    __shellhooks_claude_new=$(__SHELLHOOKS_WARNED=${__shellhooks_warned-} __shellhooks_claude_check "$@") || __shellhooks_claude_rc=$?
    case $__shellhooks_claude_rc in
        (130) \builtin return 130 ;;  # the user answered q
        (3) \builtin return 3 ;;      # refused (strict near miss, or another folder's list)
        (10)
            if [[ -n $__shellhooks_claude_new ]]; then
                CLAUDE_CODE_TASK_LIST_ID=$__shellhooks_claude_new __shellhooks_claude_launch "$@"
                \builtin return
            fi
            ;;
    esac
    # Any other status (shellhooks missing, broken, interrupted oddly): launch unchanged.
    __shellhooks_claude_launch "$@"
}
