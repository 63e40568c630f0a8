# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154/SC2034: variables set by evaluated hook-env output or read by the prompt.)
# shellhooks: the part of the hook that bash and zsh share, sourced by hook.bash and
# hook.zsh (`shellhooks init` puts it in their place inline). Written in the syntax
# both accept; zsh callers run it under `emulate -L zsh` (precmd, chpwd and the
# `claude` wrapper set it before calling in). `$__shellhooks_shell` names the shell.
#
# The protocol: `__shellhooks_update` finds the answer for $PWD (this shell's cache,
# then one another shell stored, then one `hook-env` process) and applies it: exports
# the id, sets SHELLHOOKS_SEGMENT, and remembers what it saw, so that the ordinary
# prompt only compares strings and runs `__shellhooks_fresh` (the cached entry's test
# of its files against its stamp).

# The nearest folder from $PWD up with a marker: the cache key ("" when none).
__shellhooks_walk() {
    \builtin local d="$PWD"
    [[ $d == / ]] && d=
    while :; do
        if [[ -e $d/.git || -e $d/.env || -e $d/.envrc || -e $d/.claude ]]; then
            __shellhooks_key=${d:-/}
            \builtin return 0
        fi
        [[ -n $d ]] || break
        d=${d%/*}
    done
    __shellhooks_key=
}

__shellhooks_todo_off() {
    if [[ ${__SHELLHOOKS_TODO-} == 1 ]]; then
        [[ ${CLAUDE_CODE_ENABLE_TODO_TOOLS-} != 1 ]] || \builtin unset CLAUDE_CODE_ENABLE_TODO_TOOLS
        \builtin unset __SHELLHOOKS_TODO
    fi
}

# Stop managing the variable: restore what was there before shellhooks set it.
__shellhooks_leave() {
    if [[ -n ${__SHELLHOOKS_ID-} && ${CLAUDE_CODE_TASK_LIST_ID-} == "$__SHELLHOOKS_ID" ]]; then
        \builtin unset CLAUDE_CODE_TASK_LIST_ID
    fi
    \builtin unset __SHELLHOOKS_ID
    __shellhooks_todo_off
}

# Export what the evaluated cache entry says.
__shellhooks_apply() {
    if [[ -n $__shellhooks_e_m ]]; then
        \builtin unset __SHELLHOOKS_ID  # the user's value: not ours any more
        __shellhooks_todo_off
    elif [[ -n $__shellhooks_e_id ]]; then
        \builtin export CLAUDE_CODE_TASK_LIST_ID="$__shellhooks_e_id" __SHELLHOOKS_ID="$__shellhooks_e_id"
        if [[ -z $__shellhooks_e_todo ]]; then
            __shellhooks_todo_off
        elif [[ -z ${CLAUDE_CODE_ENABLE_TODO_TOOLS+x} ]]; then
            \builtin export CLAUDE_CODE_ENABLE_TODO_TOOLS=1 __SHELLHOOKS_TODO=1
        fi
    else
        __shellhooks_leave
    fi
    SHELLHOOKS_SEGMENT=$__shellhooks_e_seg
    __shellhooks_seen=${CLAUDE_CODE_TASK_LIST_ID+x}${CLAUDE_CODE_TASK_LIST_ID-}
    __shellhooks_pwd=$PWD
}

# What an answer depends on besides files: Claude Code's and our folders, and colour.
# hook-env stores it in the answer; an answer made under another context is not used.
__shellhooks_context() {
    \builtin local c=-
    [[ -n ${NO_COLOR-} || ${TERM:-dumb} == dumb ]] || c=c
    __shellhooks_ctx="${CLAUDE_CONFIG_DIR-}|${XDG_CONFIG_HOME-}|${XDG_DATA_HOME-}|${HOME-}|$c"
}

# An answer another shell stored (see hookenv.py), read with the `read` builtin: a new
# shell entering a project resolved before starts no process. Only files we own.
__shellhooks_disk() {
    \builtin local dir k f e
    if [[ ${XDG_CACHE_HOME-} == /* ]]; then dir=$XDG_CACHE_HOME; else dir=${HOME-}/.cache; fi
    for k in "d:$PWD" "k:$__shellhooks_key"; do
        f=${k//\%/%25}
        f=$dir/shellhooks/entries/$__shellhooks_shell/${f//\//%2F}
        [[ -f $f && -O $f ]] || \builtin continue
        e=
        if [[ $__shellhooks_shell == zsh ]]; then
            e=$(<"$f")  # zsh reads the file itself (its `read` makes a system call per byte)
        else
            IFS= \builtin read -r -d '' e <"$f" || :  # (in bash, `$(<f)` is a fork)
        fi
        [[ $e == *__shellhooks_fresh* ]] || \builtin continue
        __shellhooks_e_ctx=-  # an entry that does not set it (another version) never fits
        \builtin eval "$e"
        if [[ -z $__shellhooks_e_m && $__shellhooks_e_ctx == "$__shellhooks_ctx" ]] && __shellhooks_fresh; then
            __shellhooks_cache["$k"]=$e
            \builtin return 0
        fi
    done
    \builtin return 1
}

# Ask Python (one process) and cache the answer under the key it chose.
__shellhooks_run() {
    \builtin local out=''
    [[ -n ${__shellhooks_py-} ]] || __shellhooks_find_py
    if [[ $__shellhooks_py != - && -n ${__shellhooks_lib-} && -d $__shellhooks_lib/shellhooks ]]; then
        # -I: the project folder is never on sys.path. Python starts in / (zsh: `cd -q`, no
        # chpwd hooks): nothing relative to the current folder (a `.` in PATH too) is the project's.
        if ! out=$(__shellhooks_d=$PWD; \builtin cd ${ZSH_VERSION:+-q} / && "$__shellhooks_py" -I -S -c 'import sys;sys.path.insert(0,sys.argv.pop(1));from shellhooks.hookenv import run;run(sys.argv[1:])' \
            "$__shellhooks_lib" "$__shellhooks_shell" - "$__shellhooks_key" "$__shellhooks_d" "$__shellhooks_warned" "$__shellhooks_ctx" 2>/dev/null); then
            out=
        fi
    elif ! out=$(__shellhooks_d=$PWD; \builtin cd ${ZSH_VERSION:+-q} / && \builtin command shellhooks hook-env "$__shellhooks_shell" - "$__shellhooks_key" "$__shellhooks_d" "$__shellhooks_warned" "$__shellhooks_ctx" 2>/dev/null); then
        out=
    fi
    if [[ $out != *__shellhooks_entry=* ]]; then
        __shellhooks_broken=1
        \builtin printf '%s\n' "shellhooks: 'shellhooks hook-env' failed; the hook is off in this shell (run 'shellhooks doctor')" >&2
        \builtin return 1
    fi
    \builtin eval "$out"
    __shellhooks_cache["$__shellhooks_ckey"]=$__shellhooks_entry
    if [[ $__shellhooks_ckey == k:* && -n ${__shellhooks_cache["d:$PWD"]-} ]]; then
        __shellhooks_cache["d:$PWD"]=
    fi
    \builtin eval "$__shellhooks_entry"
    __shellhooks_apply
}

__shellhooks_update() {
    \builtin local m='' e=''
    # A hand-set value (blanks only count as unset, as in Claude Code).
    if [[ ${CLAUDE_CODE_TASK_LIST_ID-} == *[![:space:]]* && $CLAUDE_CODE_TASK_LIST_ID != "${__SHELLHOOKS_ID-}" ]]; then
        m=$CLAUDE_CODE_TASK_LIST_ID
    fi
    [[ $PWD == "$__shellhooks_pwd" ]] || __shellhooks_walk
    __shellhooks_context
    e=${__shellhooks_cache["d:$PWD"]-}
    [[ -n $e ]] || e=${__shellhooks_cache["k:$__shellhooks_key"]-}
    if [[ -n $e ]]; then
        \builtin eval "$e"
        if [[ $__shellhooks_e_m == "$m" && $__shellhooks_e_ctx == "$__shellhooks_ctx" ]] && __shellhooks_fresh; then
            __shellhooks_apply
            \builtin return 0
        fi
    fi
    if [[ -z $m ]] && __shellhooks_disk; then
        __shellhooks_apply
        \builtin return 0
    fi
    __shellhooks_run || :
}

# At each prompt: bring the answer up to date when $PWD, the variable or a file it
# depends on changed (otherwise only string compares and the freshness test run); with
# SHELLHOOKS_DISABLE=1, give the variable back. True when the segment should be placed.
__shellhooks_refresh() {
    if [[ -n $__shellhooks_broken ]]; then
        \builtin return 1
    elif [[ ${SHELLHOOKS_DISABLE-} == 1 ]]; then
        if [[ -n ${__SHELLHOOKS_ID-} || -n $__shellhooks_pwd ]]; then
            __shellhooks_leave
            SHELLHOOKS_SEGMENT=
            __shellhooks_pwd=
        fi
        \builtin return 1
    fi
    if [[ $PWD != "$__shellhooks_pwd" || ${CLAUDE_CODE_TASK_LIST_ID+x}${CLAUDE_CODE_TASK_LIST_ID-} != "$__shellhooks_seen" ]] \
        || ! __shellhooks_fresh; then
        __shellhooks_update
    fi
    [[ ${SHELLHOOKS_PROMPT-1} != 0 && -z ${__shellhooks_noprompt-} ]]
}
