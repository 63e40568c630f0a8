# shellhooks hook for zsh: exports CLAUDE_CODE_TASK_LIST_ID for the project you are in.
#
# In ~/.zshrc, either line:
#   eval "$(shellhooks init zsh)"
#   source /path/to/shellhooks/shells/hook.zsh      # starts no Python at shell start
#
# `chpwd` updates at once on `cd` (so `cd proj && claude` gets the project's id);
# `precmd` notices everything else. On an ordinary prompt this runs no process: it
# compares $PWD and the variable with what it last saw and tests the answer's
# files with `-ot` against a stamp. Only when something changed does it run
# `shellhooks hook-env` once. Safe to load twice; silent in non-interactive shells;
# SHELLHOOKS_DISABLE=1 turns it off.
# What runs when, and the caches: docs/ARCHITECTURE.md.

if [[ -o interactive && ${SHELLHOOKS_DISABLE-} != 1 ]]; then

if [[ -z ${__shellhooks_lib-} ]]; then
    typeset -g __shellhooks_lib=${${(%):-%x}:A:h:h:h}
fi
export __SHELLHOOKS_SHELL_PID=$$  # the shell that loaded it (`doctor` compares)
# The answers this shell has seen, by cache key, as __shellhooks_keep stores them, and the
# slots holding their lines (kept when loaded again).
# An older release's (no slots) are dropped: their values mean other things.
(( ${+__shellhooks_c_free} )) || unset __shellhooks_c_n __shellhooks_c_ctx __shellhooks_c_m \
    __shellhooks_c_id __shellhooks_c_seg __shellhooks_c_stamp __shellhooks_c_p __shellhooks_c_a \
    __shellhooks_c_r __shellhooks_e_p __shellhooks_e_a __shellhooks_e_r
(( ${+__shellhooks_c_n} )) || typeset -gA __shellhooks_c_n __shellhooks_c_ctx __shellhooks_c_m \
    __shellhooks_c_id __shellhooks_c_seg __shellhooks_c_stamp __shellhooks_c_sec
typeset -g __shellhooks_c_free=${__shellhooks_c_free:-1}
# zstat (the zsh/stat module's, alone: not its `stat`, which would hide the command) reads
# many files' mtimes in one builtin, for the quick freshness test.
zmodload -F zsh/stat b:zstat 2>/dev/null && typeset -g __shellhooks_zstat=1
typeset -g __shellhooks_key= __shellhooks_pwd= __shellhooks_seen= __shellhooks_broken= __shellhooks_mgr= __shellhooks_seg_for=
# Placement state, kept when loaded again (our part is still in the prompt).
typeset -g __shellhooks_rpart=${__shellhooks_rpart-} __shellhooks_rpos=${__shellhooks_rpos-}
typeset -g __shellhooks_placed_as=${__shellhooks_placed_as-}
typeset -g __shellhooks_warned=${__shellhooks_warned-}
typeset -g __shellhooks_later=${__shellhooks_later-}  # messages kept for the next prompt
typeset -g __shellhooks_ctx= __shellhooks_ordinary_state= __shellhooks_ordinary_prompt=
typeset -g __shellhooks_store= __shellhooks_store_for=
# The current answer (hook.common.sh reads it into these; see hookenv.py); its files are
# the arrays __shellhooks_e_p, _a and _r name (a slot's; slot 0's are empty).
typeset -g __shellhooks_e_key= __shellhooks_e_ctx= __shellhooks_e_manual= __shellhooks_e_id=
typeset -g __shellhooks_e_todo= __shellhooks_e_seg= __shellhooks_e_stamp= __shellhooks_e_from=
typeset -g __shellhooks_e_np=0 __shellhooks_e_na=0 __shellhooks_e_nr=0 __shellhooks_e_per=0
typeset -g __shellhooks_e_at=0 __shellhooks_e_slot=0 __shellhooks_e_sec=
typeset -g __shellhooks_e_p='__shellhooks_p0[@]' __shellhooks_e_a='__shellhooks_a0[@]' __shellhooks_e_r='__shellhooks_r0[@]'

typeset -g __shellhooks_shell=zsh

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

# The functions bash and zsh share (`shellhooks init` puts the file here inline).
\builtin source "$__shellhooks_lib/shellhooks/shells/hook.common.sh"
(( ${+functions[__shellhooks_update]} )) || __shellhooks_broken=1  # file missing: off

# Put the segment in RPROMPT (or at the start of PROMPT with
# SHELLHOOKS_PROMPT_POSITION=left), after the user's own RPROMPT with one space between; at
# the start of PROMPT after any blank lines it begins with. A PROMPT or RPROMPT of the
# user's that names the variable already shows it: then ours is taken out. What goes into
# the prompt can never be expanded, whatever options any code sets later (a precmd after
# ours may turn PROMPT_SUBST on): see __shellhooks_place_now.
__shellhooks_place() {
    # The ordinary prompt: nothing changed since the last call.
    local o=${SHELLHOOKS_PROMPT_POSITION-}$'\0'$PROMPT$'\0'${RPROMPT-}$'\0'$SHELLHOOKS_SEGMENT$'\0'${(j::)psvar[61,64]}
    [[ $o == "$__shellhooks_placed_as" ]] && return 0
    # VS Code's shell integration wraps PROMPT and RPROMPT in its markers at the prompt after
    # a command and gives back what it wrapped (__vsc_prior_prompt, __vsc_prior_rprompt)
    # when the next one starts; after an empty line they are still wrapped: place in what it
    # wrapped and wrap that again, or the segment shows twice, once outside its markers.
    local pa= pb= ra= rb=
    if [[ -n ${__vsc_prior_prompt-} && $PROMPT != "$__vsc_prior_prompt" && $PROMPT == *"$__vsc_prior_prompt"* ]]; then
        pa=${PROMPT%%"$__vsc_prior_prompt"*} pb=${PROMPT:$#pa+$#__vsc_prior_prompt}
        PROMPT=$__vsc_prior_prompt
        if [[ -n ${__vsc_prior_rprompt-} && ${RPROMPT-} != "$__vsc_prior_rprompt" && ${RPROMPT-} == *"$__vsc_prior_rprompt"* ]]; then
            ra=${RPROMPT%%"$__vsc_prior_rprompt"*} rb=${RPROMPT:$#ra+$#__vsc_prior_rprompt}
            RPROMPT=$__vsc_prior_rprompt
        fi
    fi
    __shellhooks_place_now
    if [[ -n $pa$pb ]]; then
        __vsc_prior_prompt=$PROMPT PROMPT=$pa$PROMPT$pb
        [[ -z $ra$rb ]] || __vsc_prior_rprompt=$RPROMPT RPROMPT=$ra$RPROMPT$rb
    fi
    __shellhooks_placed_as=${SHELLHOOKS_PROMPT_POSITION-}$'\0'$PROMPT$'\0'${RPROMPT-}$'\0'$SHELLHOOKS_SEGMENT$'\0'${(j::)psvar[61,64]}
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
    # The segment (Zsh.prompt_escape) is already right for prompt escapes (`%` doubled,
    # colour codes in `%{ %}`). What PROMPT_SUBST would expand (`$`, backticks, `\`) and
    # what PROMPT_BANG would replace (`!`) goes in as `%61v` to `%64v`: psvar elements
    # holding those characters, which zsh inserts as they are, whatever the options.
    # (Elements far above the few that prompt themes use; a segment without these
    # characters uses none, so a precmd that empties psvar cannot hide it.)
    local seg=$SHELLHOOKS_SEGMENT
    if [[ $seg == *[\$\`\\\!]* ]]; then
        seg=${seg//\$/%61v} seg=${seg//\`/%62v} seg=${seg//\\/%63v} seg=${seg//\!/%64v}
        psvar[61,64]=('$' '`' '\' '!')
    fi
    if [[ $pos == left ]]; then
        part=${seg:+$seg }
    else
        part=${seg:+$sep$seg}
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

# The ordinary prompt (same $PWD and variable, fresh files, the prompt as we left it) is
# tested first, in this one function: no `emulate`, no further calls (their cost: benchmarks/README.md),
# and nothing here depends on the user's options. Anything else takes the full path.
# With the segment on the right, PROMPT only matters if it names the variable (a theme
# may rebuild PROMPT at every prompt); on the left, it must be as we left it.
__shellhooks_precmd() {
    local s=$?
    if [[ -n $__shellhooks_later && -z ${__p9k_instant_prompt_active+x} ]]; then
        print -rn -- "$__shellhooks_later" >&2
        __shellhooks_later=
    fi
    if [[ $PWD == "$__shellhooks_pwd" && "${NO_COLOR-}${TERM-}|${CLAUDE_CODE_TASK_LIST_ID+x}${CLAUDE_CODE_TASK_LIST_ID-}" == "$__shellhooks_seen"
          && ${SHELLHOOKS_PROMPT-1}${__shellhooks_noprompt-}${SHELLHOOKS_PROMPT_POSITION-}$'\0'${RPROMPT-}$'\0'${SHELLHOOKS_SEGMENT-}$'\0'${options[promptsubst]-} == "$__shellhooks_ordinary_state"
          && ( $PROMPT == "$__shellhooks_ordinary_prompt" || $__shellhooks_ordinary_prompt == $'\0' && $PROMPT != *SHELLHOOKS_SEGMENT* )
          && -z $__shellhooks_broken && ${SHELLHOOKS_DISABLE-} != 1 ]] && __shellhooks_fresh; then
        return $s
    fi
    emulate -L zsh
    __shellhooks_refresh && __shellhooks_place
    # What the test above compares with ("" while the hook is off: never equal).
    __shellhooks_ordinary_state= __shellhooks_ordinary_prompt=$PROMPT
    [[ -n $__shellhooks_broken || ${SHELLHOOKS_DISABLE-} == 1 ]] ||
        __shellhooks_ordinary_state=${SHELLHOOKS_PROMPT-1}${__shellhooks_noprompt-}${SHELLHOOKS_PROMPT_POSITION-}$'\0'${RPROMPT-}$'\0'${SHELLHOOKS_SEGMENT-}$'\0'${options[promptsubst]-}
    [[ ${SHELLHOOKS_PROMPT_POSITION-} == left || $PROMPT == *SHELLHOOKS_SEGMENT* ]] ||
        __shellhooks_ordinary_prompt=$'\0'  # (no PROMPT holds a NUL)
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
