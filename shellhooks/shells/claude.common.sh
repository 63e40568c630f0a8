# shellcheck shell=bash disable=SC2154
# (SC2154: __shellhooks_claude_alias is set by claude.bash/claude.zsh.)
# shellhooks: the part of the `claude` launch wrapper that bash and zsh share, sourced by
# claude.bash and claude.zsh after they have taken over the user's own `claude` alias or
# function (`shellhooks init` puts it in their place inline). Written in the syntax both
# accept. The check and the sync run with zsh's default options in zsh (`emulate -L`), so
# that the user's setopts cannot change how they quote; the launch keeps the user's
# options for the user's own alias or function.

# Start the user's alias, the user's function or the real claude.
__shellhooks_claude_launch() {
    if [[ -n ${__shellhooks_claude_alias-} ]]; then
        \builtin local __shellhooks_claude_layer=alias
        \builtin eval "${__shellhooks_claude_alias}"' "$@"'
    elif \builtin typeset -f __shellhooks_claude_user >/dev/null 2>&1; then
        \builtin local __shellhooks_claude_layer=function
        __shellhooks_claude_user "$@"
    else
        __shellhooks_claude_real "$@"
    fi
}

# `shellhooks check --launch` with the interpreter and package the hook found (no PATH
# lookup), else the `shellhooks` on PATH as the hook finds it (__shellhooks_on_path, in
# hook.common.sh, which is always loaded before this file).
# Every argument gets a "+" in front so that none can pass for an option of
# `shellhooks check`. Prints the id to use instead on stdout.
__shellhooks_claude_check() {
    [[ -z ${ZSH_VERSION-} ]] || \builtin emulate -L zsh
    if [[ -n ${__shellhooks_py-} && $__shellhooks_py != - ]]; then
        # Gone since the hook found them (uninstalled, or its Python removed by an
        # upgrade): no check, and no "No such file or directory"; claude starts.
        [[ -x $__shellhooks_py && -d ${__shellhooks_lib-}/shellhooks ]] || \builtin return 1
        "$__shellhooks_py" -I -c 'import sys;sys.path.insert(0,sys.argv.pop(1));from shellhooks.cli import main;sys.exit(main(sys.argv[1:]))' \
            "$__shellhooks_lib" check --launch "${@/#/+}"
        \builtin return
    fi
    # (The rule and its reasons: __shellhooks_on_path, in the hook's shared file.)
    __shellhooks_on_path runnable || \builtin return 1
    "$__shellhooks_exe" check --launch "${@/#/+}"
}

# Bring the id up to date for $PWD before launching: the hook runs at the next prompt,
# too late for `cd proj && claude` typed on one line in bash, or for a file changed on
# the same line (`shellhooks pin x && claude`). The hook's own update (no process when
# nothing changed). Not when the hook is off, broken or not loaded, and only while the
# variable is unset, the hook's own value or one direnv or mise applied or changed since
# the hook last looked (they may not apply it in the new folder; the update runs their
# hooks first): a hand-set value wins anyway, and a one-off
# `CLAUDE_CODE_TASK_LIST_ID=x claude` (blank included: a session of its own) must not be
# replaced.
__shellhooks_claude_sync() {
    [[ -z ${ZSH_VERSION-} ]] || \builtin emulate -L zsh
    if [[ -z ${__shellhooks_broken-} && ${SHELLHOOKS_DISABLE-} != 1 ]] \
        && \builtin typeset -f __shellhooks_update >/dev/null 2>&1 \
        && [[ -z ${CLAUDE_CODE_TASK_LIST_ID+x} \
              || ( -n ${__SHELLHOOKS_ID-} && $CLAUDE_CODE_TASK_LIST_ID == "$__SHELLHOOKS_ID" )
              || ( -n ${__shellhooks_e_manual-} && $CLAUDE_CODE_TASK_LIST_ID == "$__shellhooks_e_manual"
                   && ${__shellhooks_e_id-} == "$__shellhooks_e_manual" )
              || "${DIRENV_DIFF-}|${__MISE_DIFF-}" != "${__shellhooks_mgr-}" ]]; then
        __shellhooks_update || :
    fi
    \builtin return 0
}

function claude {
    # Called again from inside the user's alias or function: that `claude` means the
    # next layer down, already checked.
    if [[ -n ${__shellhooks_claude_layer-} ]]; then
        if [[ $__shellhooks_claude_layer == alias ]] \
            && \builtin typeset -f __shellhooks_claude_user >/dev/null 2>&1; then
            \builtin local __shellhooks_claude_layer=function
            __shellhooks_claude_user "$@"
        else
            __shellhooks_claude_real "$@"
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
        130) \builtin return 130 ;;  # the user answered q
        3) \builtin return 3 ;;      # refused (strict near miss, or another folder's list)
        10)
            if [[ -n $__shellhooks_claude_new ]]; then
                CLAUDE_CODE_TASK_LIST_ID=$__shellhooks_claude_new __shellhooks_claude_launch "$@"
                \builtin return
            fi
            ;;
    esac
    # Any other status (shellhooks missing, broken, interrupted oddly): launch unchanged.
    __shellhooks_claude_launch "$@"
}
