# shellcheck shell=bash disable=SC2154,SC2034,SC2178,SC2128
# (SC2154/SC2034: variables set in hook.common.sh or read by the prompt;
#  SC2178/SC2128: PROMPT_COMMAND is a string or an array, both handled.)
# shellhooks hook for bash: exports CLAUDE_CODE_TASK_LIST_ID for the project you are in.
#
# In ~/.bashrc, either line:
#   eval "$(shellhooks init bash)"
#   source /path/to/shellhooks/shells/hook.bash     # starts no Python at shell start
#
# On an ordinary prompt this runs no process: it compares $PWD and the variable with
# what it last saw and tests the answer's files with `-ot` against a stamp.
# Only when something changed does it run `shellhooks hook-env` once.
# Safe to load twice; silent in non-interactive shells; SHELLHOOKS_DISABLE=1 turns it off.
# What runs when, and the caches: docs/ARCHITECTURE.md.

if [[ $- == *i* && ${SHELLHOOKS_DISABLE-} != 1 ]]; then

# Where the package is (when sourced directly; `shellhooks init` sets it).
if [[ -z ${__shellhooks_lib-} && -n ${BASH_SOURCE[0]-} ]]; then
    __shellhooks_src=${BASH_SOURCE[0]}
    [[ $__shellhooks_src == /* ]] || __shellhooks_src=$PWD/$__shellhooks_src
    __shellhooks_lib=${__shellhooks_src%/*}
    __shellhooks_lib=${__shellhooks_lib%/*}
    __shellhooks_lib=${__shellhooks_lib%/*}
fi
\builtin export __SHELLHOOKS_SHELL_PID=$$  # the shell that loaded it (`doctor` compares)
# The answers this shell has seen, by cache key, as __shellhooks_keep stores them, and the
# slots holding their lines (kept when loaded again).
# An older release's (no slots) are dropped: their values mean other things.
[[ -n ${__shellhooks_c_free-} ]] ||
    \builtin unset __shellhooks_c_n __shellhooks_c_ctx __shellhooks_c_m __shellhooks_c_id \
        __shellhooks_c_seg __shellhooks_c_stamp __shellhooks_c_p __shellhooks_c_a __shellhooks_c_r
\builtin declare -p __shellhooks_c_n >/dev/null 2>&1 ||
    declare -gA __shellhooks_c_n __shellhooks_c_ctx __shellhooks_c_m __shellhooks_c_id \
        __shellhooks_c_seg __shellhooks_c_stamp __shellhooks_c_sec
: "${__shellhooks_c_free:=1}"
__shellhooks_key=
__shellhooks_pwd=
__shellhooks_seen=
__shellhooks_mgr=
__shellhooks_seg_for=
__shellhooks_broken=
__shellhooks_ctx=
__shellhooks_exe=
__shellhooks_store='' __shellhooks_store_for=''
# The current answer (hook.common.sh reads it into these; see hookenv.py). Its files are
# the arrays __shellhooks_e_p, _a and _r name (a slot's; slot 0's are empty).
__shellhooks_e_key='' __shellhooks_e_ctx='' __shellhooks_e_manual='' __shellhooks_e_id='' __shellhooks_e_todo=''
__shellhooks_e_seg='' __shellhooks_e_stamp='' __shellhooks_e_np=0 __shellhooks_e_na=0 __shellhooks_e_nr=0
__shellhooks_e_per=0 __shellhooks_e_at=0 __shellhooks_e_from='' __shellhooks_e_slot=0 __shellhooks_e_sec=''
\builtin unset -n __shellhooks_e_p __shellhooks_e_a __shellhooks_e_r
\builtin unset __shellhooks_e_p __shellhooks_e_a __shellhooks_e_r  # (as loaded by an older release)
\builtin declare -gn __shellhooks_e_p=__shellhooks_p0 __shellhooks_e_a=__shellhooks_a0 __shellhooks_e_r=__shellhooks_r0
: "${__shellhooks_warned=}"

__shellhooks_shell=bash

# The interpreter of the `shellhooks` executable, read from its #! line (no process).
__shellhooks_find_py() {
    \builtin local exe='' line=''
    if \builtin hash shellhooks 2>/dev/null; then
        exe=${BASH_CMDS[shellhooks]-}
    fi
    # Only from an absolute PATH entry: a relative one (`.`, `bin`) is the project's.
    if [[ $exe == /* && -r $exe ]]; then
        \builtin read -r line <"$exe" || :
        line=${line#\#!}
        if [[ $line == /*/python* && $line != *[[:space:]]* && -x $line ]]; then
            __shellhooks_py=$line
        fi
    fi
    : "${__shellhooks_py:=-}"
}

# The functions bash and zsh share (`shellhooks init` puts the file here inline).
\builtin source "$__shellhooks_lib/shellhooks/shells/hook.common.sh"
\builtin declare -F __shellhooks_update >/dev/null || __shellhooks_broken=1  # file missing: off

# Add the segment to PS1 (a variable reference, expanded by promptvars: no command
# substitution, and the value is never expanded again), before the prompt's final sign
# (`\$`, `$`, `#`, `%`, `>`, `❯`, `»`, `λ`, with any `\[...\]` colour codes around it)
# with one space between it and what precedes: `\w \$ ` -> `~/p id 3/5 $ `,
# `\w\$ ` -> `~/p id 3/5$ `. Without such a sign it goes at the end, followed by a space.
# Runs once per PS1 (afterwards PS1 names the variable), so the regex costs nothing.
# shellcheck disable=SC2016
__shellhooks_place() {
    \builtin local zw='\\\[([^\\]|\\[^]])*\\]' re head tail='' pre='' h part vsc_a='' vsc_b=''
    # VS Code's shell integration wraps PS1 in its prompt markers (__vsc_custom_PS1, around
    # __vsc_original_PS1) and wraps again any PS1 it did not make: place inside its wrap and
    # give it the result as its own, or every prompt carries two pairs of markers.
    if [[ -n ${__vsc_custom_PS1-} && $PS1 == "$__vsc_custom_PS1" && -n ${__vsc_original_PS1+x}
          && $PS1 == *"$__vsc_original_PS1"* ]]; then
        vsc_a=${PS1%%"$__vsc_original_PS1"*}
        vsc_b=${PS1:${#vsc_a}+${#__vsc_original_PS1}}
        PS1=$__vsc_original_PS1
    fi
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
    if [[ -n $vsc_a$vsc_b ]]; then
        __vsc_original_PS1=$PS1 PS1=$vsc_a$PS1$vsc_b
        __vsc_custom_PS1=$PS1
    fi
}

__shellhooks_hook() {
    __shellhooks_s=$? __shellhooks_ps=("${PIPESTATUS[@]}")
    \builtin local s=$__shellhooks_s __shellhooks_prompting=1  # (read by __shellhooks_managers)
    # The pipeline the entry's second line runs (see below), when the count changed.
    [[ ${#__shellhooks_ps[@]} == "$__shellhooks_npipe" ]] || __shellhooks_pipe_for
    # The ordinary prompt (same $PWD and variable, the segment in PS1 or off, fresh files)
    # is tested here first, without the calls of the full path.
    if [[ $PWD == "$__shellhooks_pwd" && "${NO_COLOR-}${TERM-}|${CLAUDE_CODE_TASK_LIST_ID+x}${CLAUDE_CODE_TASK_LIST_ID-}" == "$__shellhooks_seen"
          && -z $__shellhooks_broken && ${SHELLHOOKS_DISABLE-} != 1
          && ( $PS1 == *SHELLHOOKS_SEGMENT* || ${SHELLHOOKS_PROMPT-1} == 0 || -n ${__shellhooks_noprompt-} ) ]] \
        && __shellhooks_fresh; then
        \builtin return "$s"
    fi
    if __shellhooks_refresh && [[ $PS1 != *SHELLHOOKS_SEGMENT* ]]; then
        __shellhooks_place
    fi
    \builtin return "$s"
}

# The PROMPT_COMMAND entry is two lines: the hook, then `__shellhooks_pipe`, which gives
# the user's `$?` and PIPESTATUS back to the prompt commands and PS1 after it (starship
# loaded before the hook, a user's). A function call leaves a single status; only a
# pipeline at the top level of the entry sets more. bash parses the entry at every prompt,
# line by line, expanding aliases as it parses a line: `__shellhooks_pipe` is an alias
# that the hook, on the first line, sets to a pipeline as long as the user's
# (`__shellhooks_ret 0|__shellhooks_ret 1` after two commands; a subshell per element),
# or to `__shellhooks_ret` alone (the user's `$?`). So a prompt parses two short lines,
# however long the pipeline (benchmarks/bench_instructions.py). With aliases off
# (`shopt -u expand_aliases`), the function of that name gives back `$?` alone.
# (`__shellhooks_ret N`: the Nth status; alone: the user's `$?`.)
__shellhooks_ret() {
    # (A status it does not have, when a tool joined the entry's lines into one and the
    # alias is the last prompt's: the user's `$?`.)
    [[ -z ${1-} ]] || \builtin return "${__shellhooks_ps[$1]-$__shellhooks_s}"
    \builtin return "$__shellhooks_s"
}
# (`function`: loaded again, the alias would replace a name written `__shellhooks_pipe()`.)
function __shellhooks_pipe { \builtin return "$__shellhooks_s"; }
__shellhooks_pipe_for() {
    \builtin local n=${#__shellhooks_ps[@]} i x=__shellhooks_ret
    if (( n > 1 )); then
        x='__shellhooks_ret 0'
        for (( i = 1; i < n; i++ )); do x+="|__shellhooks_ret $i"; done
    fi
    # shellcheck disable=SC2139  # (expanded now: the pipeline for the prompts to come)
    \builtin alias __shellhooks_pipe="$x"
    __shellhooks_npipe=$n
}
__shellhooks_npipe=
__shellhooks_pc=__shellhooks_hook$'\n'__shellhooks_pipe

# Install once, first in PROMPT_COMMAND (string or, bash >= 5.1, array), so that later
# prompt commands see the segment and the user's $? and PIPESTATUS.
if [[ -n ${PROMPT_COMMAND+x} && ${PROMPT_COMMAND@a} == *a* ]]; then
    __shellhooks_x=
    for __shellhooks_i in "${PROMPT_COMMAND[@]}"; do
        [[ $__shellhooks_i != *__shellhooks_hook* ]] || __shellhooks_x=1
    done
    [[ -n $__shellhooks_x ]] || PROMPT_COMMAND=("$__shellhooks_pc" "${PROMPT_COMMAND[@]}")
    \builtin unset __shellhooks_x __shellhooks_i
elif [[ ${PROMPT_COMMAND-} != *__shellhooks_hook* ]]; then
    PROMPT_COMMAND="$__shellhooks_pc${PROMPT_COMMAND:+$'\n'$PROMPT_COMMAND}"
fi

# The `claude` launch wrapper (inlined after this file by `shellhooks init`).
if [[ -z ${__shellhooks_wrapper_inline-} && -r ${__shellhooks_lib-}/shellhooks/shells/claude.bash ]]; then
    # shellcheck source=/dev/null
    \builtin source "$__shellhooks_lib/shellhooks/shells/claude.bash"
fi

fi
