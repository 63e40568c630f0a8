# shellcheck shell=bash disable=SC2154,SC2034,SC2178,SC2128
# (SC2154/SC2034: variables set by evaluated hook-env output or read by the prompt;
#  SC2178/SC2128: PROMPT_COMMAND is a string or an array, both handled.)
# shellhooks hook for bash: exports CLAUDE_CODE_TASK_LIST_ID for the project you are in.
#
# In ~/.bashrc, either line:
#   eval "$(shellhooks init bash)"
#   source /path/to/shellhooks/shells/hook.bash     # starts no Python at shell start
#
# On an ordinary prompt this runs no process: it compares $PWD and the variable with
# what it last saw and tests the cached entry's files with `-nt` against a stamp.
# Only when something changed does it run `shellhooks hook-env` once.
# Safe to load twice; silent in non-interactive shells; SHELLHOOKS_DISABLE=1 turns it off.

if [[ $- == *i* && ${SHELLHOOKS_DISABLE-} != 1 ]]; then

# Where the package is (when sourced directly; `shellhooks init` sets it).
if [[ -z ${__shellhooks_lib-} && -n ${BASH_SOURCE[0]-} ]]; then
    __shellhooks_src=${BASH_SOURCE[0]}
    [[ $__shellhooks_src == /* ]] || __shellhooks_src=$PWD/$__shellhooks_src
    __shellhooks_lib=${__shellhooks_src%/*}
    __shellhooks_lib=${__shellhooks_lib%/*}
    __shellhooks_lib=${__shellhooks_lib%/*}
fi
[[ -n ${__shellhooks_token-} ]] || __shellhooks_token="$$-$RANDOM$RANDOM"
\builtin export __SHELLHOOKS_SHELL_PID=$$  # the shell that loaded it (`doctor` compares)
\builtin declare -p __shellhooks_cache >/dev/null 2>&1 || declare -gA __shellhooks_cache
__shellhooks_key=
__shellhooks_pwd=
__shellhooks_seen=
__shellhooks_broken=
__shellhooks_ctx=
__shellhooks_e_ctx=
: "${__shellhooks_warned=}"

__shellhooks_fresh() { \builtin return 1; }

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

# The interpreter of the `shellhooks` executable, read from its #! line (no process).
__shellhooks_find_py() {
    \builtin local exe='' line=''
    if \builtin hash shellhooks 2>/dev/null; then
        exe=${BASH_CMDS[shellhooks]-}
    fi
    if [[ -n $exe && -r $exe ]]; then
        \builtin read -r line <"$exe" || :
        line=${line#\#!}
        if [[ $line == /*/python* && $line != *[[:space:]]* && -x $line ]]; then
            __shellhooks_py=$line
        fi
    fi
    : "${__shellhooks_py:=-}"
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
        f=${k//'%'/%25}
        f=$dir/shellhooks/entries/bash/${f//'/'/%2F}
        [[ -f $f && -O $f ]] || \builtin continue
        e=
        IFS= \builtin read -r -d '' e <"$f" || :
        [[ $e == *__shellhooks_fresh* ]] || \builtin continue
        __shellhooks_e_ctx=-  # an entry that does not set it (another version) never fits
        \builtin eval "$e"
        if [[ -z $__shellhooks_e_m && $__shellhooks_e_ctx == "$__shellhooks_ctx" ]] && __shellhooks_fresh; then
            __shellhooks_cache[$k]=$e
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
        if ! out=$("$__shellhooks_py" -S -E -c 'import sys;sys.path.insert(0,sys.argv.pop(1));from shellhooks.hookenv import run;run(sys.argv[1:])' \
            "$__shellhooks_lib" bash "$__shellhooks_token" "$__shellhooks_key" "$PWD" "$__shellhooks_warned" "$__shellhooks_ctx" 2>/dev/null); then
            out=
        fi
    elif ! out=$(\builtin command shellhooks hook-env bash "$__shellhooks_token" "$__shellhooks_key" "$PWD" "$__shellhooks_warned" "$__shellhooks_ctx" 2>/dev/null); then
        out=
    fi
    if [[ $out != *__shellhooks_entry=* ]]; then
        __shellhooks_broken=1
        \builtin printf '%s\n' "shellhooks: 'shellhooks hook-env' failed; the hook is off in this shell (run 'shellhooks doctor')" >&2
        \builtin return 1
    fi
    \builtin eval "$out"
    __shellhooks_cache[$__shellhooks_ckey]=$__shellhooks_entry
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

# Add the segment to PS1 (a variable reference, expanded by promptvars: no command
# substitution, and the value is never expanded again), before the prompt's final sign
# (`\$`, `$`, `#`, `%`, `>`, `❯`, `»`, `λ`, with any `\[...\]` colour codes around it)
# with one space between it and what precedes: `\w \$ ` -> `~/p id 3/5 $ `,
# `\w\$ ` -> `~/p id 3/5$ `. Without such a sign it goes at the end, followed by a space.
# Runs once per PS1 (afterwards PS1 names the variable), so the regex costs nothing.
# shellcheck disable=SC2016
__shellhooks_place() {
    \builtin local zw='\\\[([^\\]|\\[^]])*\\]' re head tail='' pre='' h part
    re="(($zw)*)"'(\\\$|\$|#|%|>|❯|»|λ)'"( |$zw)*\$"
    [[ $PS1 =~ $re ]] && tail=${BASH_REMATCH[0]} pre=${BASH_REMATCH[1]}
    head=${PS1:0:${#PS1}-${#tail}}
    if [[ -z $tail || $head == *\\ ]]; then
        # No sign, or an escape like `\#` (the command number) that only looks like one.
        head=$PS1 tail='' pre=''
    fi
    h=$head
    while [[ $h == *'\]' ]]; do h=${h%'\['*}; done
    if [[ -z $h || $h == *[[:space:]] || $h == *'\n' ]]; then
        part='${SHELLHOOKS_SEGMENT:+${SHELLHOOKS_SEGMENT} }'  # before the sign's colour
    elif [[ -n $tail ]]; then
        part='${SHELLHOOKS_SEGMENT:+ ${SHELLHOOKS_SEGMENT}}'  # after a colour reset
        head+=$pre tail=${tail:${#pre}}
    else
        part='${SHELLHOOKS_SEGMENT:+ ${SHELLHOOKS_SEGMENT} }'
    fi
    PS1=$head$part$tail
}

__shellhooks_hook() {
    \builtin local s="$?"
    if [[ -n $__shellhooks_broken ]]; then
        :
    elif [[ ${SHELLHOOKS_DISABLE-} == 1 ]]; then
        if [[ -n ${__SHELLHOOKS_ID-} || -n $__shellhooks_pwd ]]; then
            __shellhooks_leave
            SHELLHOOKS_SEGMENT=
            __shellhooks_pwd=
        fi
    else
        if [[ $PWD != "$__shellhooks_pwd" || ${CLAUDE_CODE_TASK_LIST_ID+x}${CLAUDE_CODE_TASK_LIST_ID-} != "$__shellhooks_seen" ]] \
            || ! __shellhooks_fresh; then
            __shellhooks_update
        fi
        if [[ ${SHELLHOOKS_PROMPT-1} != 0 && -z ${__shellhooks_noprompt-} && $PS1 != *SHELLHOOKS_SEGMENT* ]]; then
            __shellhooks_place
        fi
    fi
    \builtin return "$s"
}

# Install once, first in PROMPT_COMMAND (string or, bash >= 5.1, array), so that later
# prompt commands see the segment and the user's $? (the hook returns it).
if [[ -n ${PROMPT_COMMAND+x} && ${PROMPT_COMMAND@a} == *a* ]]; then
    __shellhooks_x=
    for __shellhooks_i in "${PROMPT_COMMAND[@]}"; do
        [[ $__shellhooks_i != *__shellhooks_hook* ]] || __shellhooks_x=1
    done
    [[ -n $__shellhooks_x ]] || PROMPT_COMMAND=(__shellhooks_hook "${PROMPT_COMMAND[@]}")
    \builtin unset __shellhooks_x __shellhooks_i
elif [[ ${PROMPT_COMMAND-} != *__shellhooks_hook* ]]; then
    PROMPT_COMMAND="__shellhooks_hook${PROMPT_COMMAND:+;$PROMPT_COMMAND}"
fi

# The `claude` launch wrapper (inlined after this file by `shellhooks init`).
if [[ -z ${__shellhooks_wrapper_inline-} && -r ${__shellhooks_lib-}/shellhooks/shells/claude.bash ]]; then
    # shellcheck source=/dev/null
    \builtin source "$__shellhooks_lib/shellhooks/shells/claude.bash"
fi

fi
