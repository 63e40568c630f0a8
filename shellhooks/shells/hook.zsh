# shellhooks hook for zsh: exports CLAUDE_CODE_TASK_LIST_ID for the project you are in.
#
# In ~/.zshrc, either line:
#   eval "$(shellhooks init zsh)"
#   source /path/to/shellhooks/shells/hook.zsh      # starts no Python at shell start
#
# `chpwd` updates at once on `cd` (so `cd proj && claude` gets the project's id);
# `precmd` notices everything else. On an ordinary prompt this runs no process: it
# compares $PWD and the variable with what it last saw and tests the cached entry's
# files with `-nt` against a stamp. Only when something changed does it run
# `shellhooks hook-env` once. Safe to load twice; silent in non-interactive shells;
# SHELLHOOKS_DISABLE=1 turns it off.

if [[ -o interactive && ${SHELLHOOKS_DISABLE-} != 1 ]]; then

if [[ -z ${__shellhooks_lib-} ]]; then
    typeset -g __shellhooks_lib=${${(%):-%x}:A:h:h:h}
fi
[[ -n ${__shellhooks_token-} ]] || typeset -g __shellhooks_token="$$-$RANDOM$RANDOM"
export __SHELLHOOKS_SHELL_PID=$$  # the shell that loaded it (`doctor` compares)
(( ${+__shellhooks_cache} )) || typeset -gA __shellhooks_cache
typeset -g __shellhooks_key= __shellhooks_pwd= __shellhooks_seen= __shellhooks_broken=
# Placement state, kept when loaded again (our part is still in the prompt).
typeset -g __shellhooks_rpart=${__shellhooks_rpart-} __shellhooks_rpos=${__shellhooks_rpos-}
typeset -g __shellhooks_lastp=${__shellhooks_lastp-}
typeset -g __shellhooks_warned=${__shellhooks_warned-}
typeset -g __shellhooks_ctx= __shellhooks_e_ctx=
typeset -g __shellhooks_e_m= __shellhooks_e_id= __shellhooks_e_todo= __shellhooks_e_seg=
typeset -g __shellhooks_ckey= __shellhooks_entry=

__shellhooks_fresh() { return 1 }

# The nearest folder from $PWD up with a marker: the cache key ("" when none).
__shellhooks_walk() {
    emulate -L zsh
    local d=$PWD
    [[ $d == / ]] && d=
    while :; do
        if [[ -e $d/.git || -e $d/.env || -e $d/.envrc || -e $d/.claude ]]; then
            __shellhooks_key=${d:-/}
            return 0
        fi
        [[ -n $d ]] || break
        d=${d%/*}
    done
    __shellhooks_key=
}

# The interpreter of the `shellhooks` executable, read from its #! line (no process).
__shellhooks_find_py() {
    emulate -L zsh
    local exe=${commands[shellhooks]-} line=
    if [[ -n $exe && -r $exe ]]; then
        read -r line <"$exe" || :
        line=${line#\#!}
        if [[ $line == /*/python* && $line != *[[:space:]]* && -x $line ]]; then
            typeset -g __shellhooks_py=$line
        fi
    fi
    typeset -g __shellhooks_py=${__shellhooks_py:--}
}

__shellhooks_todo_off() {
    if [[ ${__SHELLHOOKS_TODO-} == 1 ]]; then
        [[ ${CLAUDE_CODE_ENABLE_TODO_TOOLS-} != 1 ]] || unset CLAUDE_CODE_ENABLE_TODO_TOOLS
        unset __SHELLHOOKS_TODO
    fi
}

__shellhooks_leave() {
    if [[ -n ${__SHELLHOOKS_ID-} && ${CLAUDE_CODE_TASK_LIST_ID-} == "$__SHELLHOOKS_ID" ]]; then
        unset CLAUDE_CODE_TASK_LIST_ID
    fi
    unset __SHELLHOOKS_ID
    __shellhooks_todo_off
}

__shellhooks_apply() {
    if [[ -n $__shellhooks_e_m ]]; then
        unset __SHELLHOOKS_ID
        __shellhooks_todo_off
    elif [[ -n $__shellhooks_e_id ]]; then
        export CLAUDE_CODE_TASK_LIST_ID=$__shellhooks_e_id __SHELLHOOKS_ID=$__shellhooks_e_id
        if [[ -z $__shellhooks_e_todo ]]; then
            __shellhooks_todo_off
        elif (( ! ${+CLAUDE_CODE_ENABLE_TODO_TOOLS} )); then
            export CLAUDE_CODE_ENABLE_TODO_TOOLS=1 __SHELLHOOKS_TODO=1
        fi
    else
        __shellhooks_leave
    fi
    typeset -g SHELLHOOKS_SEGMENT=$__shellhooks_e_seg
    __shellhooks_seen=${CLAUDE_CODE_TASK_LIST_ID+x}${CLAUDE_CODE_TASK_LIST_ID-}
    __shellhooks_pwd=$PWD
}

# What an answer depends on besides files: Claude Code's and our folders, and colour.
# hook-env stores it in the answer; an answer made under another context is not used.
__shellhooks_context() {
    local c=-
    [[ -n ${NO_COLOR-} || ${TERM:-dumb} == dumb ]] || c=c
    __shellhooks_ctx="${CLAUDE_CONFIG_DIR-}|${XDG_CONFIG_HOME-}|${XDG_DATA_HOME-}|${HOME-}|$c"
}

# An answer another shell stored (see hookenv.py), read with the `read` builtin: a new
# shell entering a project resolved before starts no process. Only files we own.
__shellhooks_disk() {
    local dir k f e
    if [[ ${XDG_CACHE_HOME-} == /* ]]; then dir=$XDG_CACHE_HOME; else dir=${HOME-}/.cache; fi
    for k in "d:$PWD" "k:$__shellhooks_key"; do
        f=${k//\%/%25}
        f=$dir/shellhooks/entries/zsh/${f//\//%2F}
        [[ -f $f && -O $f ]] || continue
        e=
        IFS= read -r -d '' e <"$f" || :
        [[ $e == *__shellhooks_fresh* ]] || continue
        __shellhooks_e_ctx=-  # an entry that does not set it (another version) never fits
        eval "$e"
        if [[ -z $__shellhooks_e_m && $__shellhooks_e_ctx == "$__shellhooks_ctx" ]] && __shellhooks_fresh; then
            __shellhooks_cache[$k]=$e
            return 0
        fi
    done
    return 1
}

__shellhooks_run() {
    local out=
    [[ -n ${__shellhooks_py-} ]] || __shellhooks_find_py
    if [[ $__shellhooks_py != - && -n ${__shellhooks_lib-} && -d $__shellhooks_lib/shellhooks ]]; then
        if ! out=$("$__shellhooks_py" -S -E -c 'import sys;sys.path.insert(0,sys.argv.pop(1));from shellhooks.hookenv import run;run(sys.argv[1:])' \
            "$__shellhooks_lib" zsh "$__shellhooks_token" "$__shellhooks_key" "$PWD" "$__shellhooks_warned" "$__shellhooks_ctx" 2>/dev/null); then
            out=
        fi
    elif ! out=$(command shellhooks hook-env zsh "$__shellhooks_token" "$__shellhooks_key" "$PWD" "$__shellhooks_warned" "$__shellhooks_ctx" 2>/dev/null); then
        out=
    fi
    if [[ $out != *__shellhooks_entry=* ]]; then
        __shellhooks_broken=1
        print -ru2 -- "shellhooks: 'shellhooks hook-env' failed; the hook is off in this shell (run 'shellhooks doctor')"
        return 1
    fi
    eval "$out"
    __shellhooks_cache[$__shellhooks_ckey]=$__shellhooks_entry
    if [[ $__shellhooks_ckey == k:* && -n ${__shellhooks_cache[d:$PWD]-} ]]; then
        __shellhooks_cache[d:$PWD]=
    fi
    eval "$__shellhooks_entry"
    __shellhooks_apply
}

__shellhooks_update() {
    emulate -L zsh
    local m= e=
    # A hand-set value (blanks only count as unset, as in Claude Code).
    if [[ ${CLAUDE_CODE_TASK_LIST_ID-} == *[![:space:]]* && $CLAUDE_CODE_TASK_LIST_ID != "${__SHELLHOOKS_ID-}" ]]; then
        m=$CLAUDE_CODE_TASK_LIST_ID
    fi
    [[ $PWD == "$__shellhooks_pwd" ]] || __shellhooks_walk
    __shellhooks_context
    e=${__shellhooks_cache[d:$PWD]-}
    [[ -n $e ]] || e=${__shellhooks_cache[k:$__shellhooks_key]-}
    if [[ -n $e ]]; then
        eval "$e"
        if [[ $__shellhooks_e_m == "$m" && $__shellhooks_e_ctx == "$__shellhooks_ctx" ]] && __shellhooks_fresh; then
            __shellhooks_apply
            return 0
        fi
    fi
    if [[ -z $m ]] && __shellhooks_disk; then
        __shellhooks_apply
        return 0
    fi
    __shellhooks_run || :
}

# Put the segment in RPROMPT (or at the start of PROMPT with
# SHELLHOOKS_PROMPT_POSITION=left): as `${SHELLHOOKS_SEGMENT}` under PROMPT_SUBST
# (a value is never expanded again), else as the %-escaped text itself. After the
# user's own RPROMPT with one space between; at the start of PROMPT after any blank
# lines it begins with. A PROMPT or RPROMPT of the user's that names the variable
# already shows it: then ours is taken out.
__shellhooks_place() {
    # The ordinary prompt: nothing changed since the last call.
    local o=${SHELLHOOKS_PROMPT_POSITION-}$'\0'$PROMPT$'\0'${RPROMPT-}$'\0'$SHELLHOOKS_SEGMENT
    [[ -o promptsubst ]] && o+=$'\0'
    [[ $o == "$__shellhooks_lastp" ]] && return 0
    __shellhooks_place_now
    __shellhooks_lastp=${SHELLHOOKS_PROMPT_POSITION-}$'\0'$PROMPT$'\0'${RPROMPT-}$'\0'$SHELLHOOKS_SEGMENT
    [[ -o promptsubst ]] && __shellhooks_lastp+=$'\0'
    return 0
}

__shellhooks_place_now() {
    emulate -L zsh
    local part pos=${SHELLHOOKS_PROMPT_POSITION:-right} p=$PROMPT r=${RPROMPT-}
    local nl=${PROMPT%%[^$'\n']*}  # the blank lines PROMPT starts with
    # The user's prompts: without our part.
    if [[ -n $__shellhooks_rpart ]]; then
        if [[ $__shellhooks_rpos == left ]]; then
            [[ $p == "$nl$__shellhooks_rpart"* ]] && p=$nl${p#"$nl$__shellhooks_rpart"}
        else
            r=${r%"$__shellhooks_rpart"}
        fi
    fi
    if [[ $p$r == *SHELLHOOKS_SEGMENT* ]]; then
        if [[ -n $__shellhooks_rpart ]]; then
            PROMPT=$p RPROMPT=$r
            __shellhooks_rpart=
        fi
        return 0
    fi
    local sep=
    [[ $pos == left || -z $r || $r == *' ' ]] || sep=' '
    if [[ -o promptsubst ]]; then
        if [[ $pos == left ]]; then
            part='${SHELLHOOKS_SEGMENT:+${SHELLHOOKS_SEGMENT} }'
        else
            part='${SHELLHOOKS_SEGMENT:+'$sep'${SHELLHOOKS_SEGMENT}}'
        fi
    elif [[ $pos == left && -n $SHELLHOOKS_SEGMENT ]]; then
        part="$SHELLHOOKS_SEGMENT "
    else
        part=${SHELLHOOKS_SEGMENT:+$sep$SHELLHOOKS_SEGMENT}
    fi
    if [[ $part == "$__shellhooks_rpart" && $pos == "$__shellhooks_rpos" ]]; then
        # Already in place (the ordinary prompt).
        [[ $pos == left && $PROMPT == "$nl$part"* || $pos != left && $RPROMPT == *"$part" ]] && return 0
    fi
    if [[ $pos == left ]]; then
        PROMPT=$nl$part${p#"$nl"} RPROMPT=$r
    else
        PROMPT=$p RPROMPT=$r$part
    fi
    __shellhooks_rpart=$part
    __shellhooks_rpos=$pos
}

__shellhooks_precmd() {
    local s=$?
    emulate -L zsh
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
        if [[ ${SHELLHOOKS_PROMPT-1} != 0 && -z ${__shellhooks_noprompt-} ]]; then
            __shellhooks_place
        fi
    fi
    return $s
}

# On `cd`: update at once, so a command after `cd` on the same line sees the new id.
# Not from completion widgets, which may change directory while you type.
__shellhooks_chpwd() {
    local s=$?
    emulate -L zsh
    [[ -z ${WIDGET-} && -z $__shellhooks_broken && ${SHELLHOOKS_DISABLE-} != 1 ]] && __shellhooks_update
    return $s
}

autoload -Uz add-zsh-hook
add-zsh-hook precmd __shellhooks_precmd
add-zsh-hook chpwd __shellhooks_chpwd

# The `claude` launch wrapper (inlined after this file by `shellhooks init`).
if [[ -z ${__shellhooks_wrapper_inline-} && -r ${__shellhooks_lib-}/shellhooks/shells/claude.zsh ]]; then
    source "$__shellhooks_lib/shellhooks/shells/claude.zsh"
fi

fi
