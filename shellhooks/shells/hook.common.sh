# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154/SC2034: variables set in hook.bash/hook.zsh or read by the prompt.)
# shellhooks: the part of the hook that bash and zsh share, sourced by hook.bash and
# hook.zsh (`shellhooks init` puts it in their place inline). Written in the syntax
# both accept; zsh callers run it under `emulate -L zsh` (precmd, chpwd and the
# `claude` wrapper set it before calling in). `$__shellhooks_shell` names the shell.
#
# The protocol: `__shellhooks_update` finds the answer for $PWD (this shell's cache,
# then one another shell stored, then one `hook-env` process; an answer is data, whose
# format is described in hookenv.py) and applies it: exports the id, sets
# SHELLHOOKS_SEGMENT, and remembers what it saw, so that the ordinary prompt only
# compares strings and runs `__shellhooks_fresh` (the answer's files against its stamp).
# The whole design: docs/ARCHITECTURE.md.

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

# SHELLHOOKS_SEGMENT = $1 and, exported for prompts that run as a program of their own
# (starship's env_var module), SHELLHOOKS_SEGMENT_PLAIN: the same text without colour codes
# or this shell's prompt escaping (bash: \001..\002 around colours; zsh: `%{..%}` around
# colours, `%%` for `%`); unset when empty. Not on the ordinary prompt's path.
__shellhooks_segment() {
    SHELLHOOKS_SEGMENT=$1
    # (Made again only when the segment changed; the form it was made for, after an `x`.)
    [[ x$1 != "${__shellhooks_seg_for-}" ]] || return 0
    __shellhooks_seg_for=x$1
    \builtin local t="$1" p=''
    if [[ $__shellhooks_shell == zsh ]]; then
        while [[ $t == *%* ]]; do
            p+=${t%%\%*} t=${t#*\%}
            if [[ $t == '{'* ]]; then t=${t#*'%}'}; else p+=% t=${t#%}; fi
        done
    else
        while [[ $t == *$'\001'*$'\002'* ]]; do p+=${t%%$'\001'*} t=${t#*$'\002'}; done
    fi
    p+=$t
    if [[ -n $p ]]; then
        \builtin export SHELLHOOKS_SEGMENT_PLAIN="$p"
    else
        \builtin unset SHELLHOOKS_SEGMENT_PLAIN
    fi
}

# Export what the current answer says.
__shellhooks_apply() {
    if [[ -n $__shellhooks_e_manual ]]; then
        # Not ours: left as it is. The user's value (id empty): ours is forgotten. One
        # direnv or mise applies (id = that value): ours is kept, as the tool will put it
        # back on leaving, and a value of ours put back is still ours.
        [[ $__shellhooks_e_id == "$__shellhooks_e_manual" ]] || \builtin unset __SHELLHOOKS_ID
    elif [[ -n $__shellhooks_e_id ]]; then
        \builtin export CLAUDE_CODE_TASK_LIST_ID="$__shellhooks_e_id" __SHELLHOOKS_ID="$__shellhooks_e_id"
    else
        __shellhooks_leave
    fi
    if [[ -z $__shellhooks_e_id || -z $__shellhooks_e_todo ]]; then
        [[ ${__SHELLHOOKS_TODO-} != 1 ]] || __shellhooks_todo_off
    elif [[ -z ${CLAUDE_CODE_ENABLE_TODO_TOOLS+x} ]]; then
        \builtin export CLAUDE_CODE_ENABLE_TODO_TOOLS=1 __SHELLHOOKS_TODO=1
    fi
    [[ x$__shellhooks_e_seg == "${__shellhooks_seg_for-}" ]] || __shellhooks_segment "$__shellhooks_e_seg"
    # The segment; what the fast path compares: the variable, and what decides colour (an
    # answer made for the other colour is not used: `export NO_COLOR=1` shows at the next
    # prompt); direnv's and mise's state as this answer saw it (the `claude` wrapper
    # compares: after a change, the variable may be theirs).
    SHELLHOOKS_SEGMENT=$__shellhooks_e_seg \
        __shellhooks_seen="${NO_COLOR-}${TERM-}|${CLAUDE_CODE_TASK_LIST_ID+x}${CLAUDE_CODE_TASK_LIST_ID-}" \
        __shellhooks_pwd=$PWD __shellhooks_mgr="${DIRENV_DIFF-}|${__MISE_DIFF-}"
}

# $2 with the answer's escaping undone (see hookenv.py), into the variable named $1. False
# for text holding a backslash sequence other than `\\` and `\n` (which `printf %b` would
# turn into a control character or stop at): hook-env writes no other.
__shellhooks_unesc() {
    if [[ $2 == *\\* ]]; then
        \builtin local __shellhooks_u="${2//\\\\/}"  # (a name no caller passes as $1)
        [[ $__shellhooks_u != *\\[!n]* && $__shellhooks_u != *\\ ]] || \builtin return 1
        \builtin printf -v "$1" %b "$2"
    else
        \builtin printf -v "$1" %s "$2"
    fi
}

# Whether the first nine lines of an answer ($1 to $9) are an answer's: the values, with
# the escaping undone, into k c m i t g s (key, ctx, manual, id, todo, segment, stamp) and
# the sizes of its groups of files into np na nr per, all locals of __shellhooks_load.
# Nothing is evaluated.
__shellhooks_header() {
    \builtin local v
    [[ $1 == 'shellhooks answer 1' && $2 == 'key '* && $3 == 'ctx '* && $4 == 'manual '* && $5 == 'id '*
       && $6 == 'todo '* && $7 == 'segment '* && $8 == 'stamp '* && $9 == 'files '* ]] || \builtin return 1
    # Four numbers of at most 8 digits, none with a leading 0 (arithmetic reads octal).
    v=" ${9#files } "
    [[ ${v//[0-9]/} == '     ' && $v != *'  '* && $v != *' 0'[0-9]*
       && $v != *[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]* ]] || \builtin return 1
    k=${2#key } c=${3#ctx } m=${4#manual } i=${5#id } g=${7#segment } s=${8#stamp } t=''
    [[ $6 != 'todo 1' ]] || t=1
    if [[ $k$c$m$i$g$s == *\\* ]]; then
        __shellhooks_unesc k "$k" && __shellhooks_unesc c "$c" && __shellhooks_unesc m "$m" \
            && __shellhooks_unesc i "$i" && __shellhooks_unesc g "$g" && __shellhooks_unesc s "$s" || \builtin return 1
    fi
    [[ $s == /* ]] || \builtin return 1
    # (One command: the assignments are made in turn.)
    v=${v# } np=${v%% *} v=${v#* } na=${v%% *} v=${v#* } nr=${v%% *} per=${v#* }
    per=${per% }
    (( nr == 0 || per > 0 ))
}

# An answer's lines: those of file $2, or when $2 is -, of the text $3. The first nine are
# checked (__shellhooks_header), and the three groups of files that follow go, one path an
# element, their escaping undone, into the arrays of slot $1: __shellhooks_p$1,
# __shellhooks_a$1, __shellhooks_r$1 (present, absent, in turn). The lines after the files
# go into `w`. All for __shellhooks_load; nothing is expanded or evaluated. (The paths are
# not checked one by one, which costs as much as testing them: a path that is not what
# hook-env writes, an absolute one, at worst makes the answer stale or fresh wrongly. Only
# the user can write where answers are kept.)
if [[ -z ${ZSH_VERSION-} ]]; then
__shellhooks_lines() {
    \builtin local IFS=$'\n' j
    \builtin local -a h l
    # (Names for the slot's arrays: a file's lines go there with no copy.)
    \builtin local -n p="__shellhooks_p$1" a="__shellhooks_a$1" r="__shellhooks_r$1"
    if [[ $2 == - ]]; then
        \builtin local -
        \builtin set -f
        # shellcheck disable=SC2206  # (split at newlines, no globbing)
        l=($3)
        (( ${#l[@]} >= 9 )) && __shellhooks_header "${l[@]:0:9}" \
            && (( ${#l[@]} >= (j = 9 + np + na + nr) )) || \builtin return 1
        p=("${l[@]:9:np}") a=("${l[@]:9+np:na}") r=("${l[@]:9+np+na:nr}") w=("${l[@]:j}")
    else
        # mapfile reads a file by blocks (`$(<f)` would fork), and each group in turn from
        # where the last stopped (with -n 0 it would read all).
        p=() a=() r=()
        {
            \builtin mapfile -t -n 9 h && (( ${#h[@]} == 9 )) && __shellhooks_header "${h[@]}" || \builtin return 1
            (( np == 0 )) || \builtin mapfile -t -n "$np" p
            (( na == 0 )) || \builtin mapfile -t -n "$na" a
            (( nr == 0 )) || \builtin mapfile -t -n "$nr" r
            \builtin mapfile -t w
        } 2>/dev/null <"$2" || \builtin return 1
        (( ${#p[@]} == np && ${#a[@]} == na && ${#r[@]} == nr )) || \builtin return 1
    fi
    [[ ${p[*]}${a[*]}${r[*]} != *\\* ]] \
        || { __shellhooks_unesc_group p && __shellhooks_unesc_group a && __shellhooks_unesc_group r; }
}
# The escaping of each line of the array $1 undone (false for a line hook-env never writes).
__shellhooks_unesc_group() {
    \builtin local -n x="$1"
    \builtin local i v
    for i in "${!x[@]}"; do
        __shellhooks_unesc v "${x[i]}" || \builtin return 1
        x[i]=$v
    done
}
# Make slot $__shellhooks_e_slot's files the current answer's: __shellhooks_e_p, _a and _r
# (in bash, names for that slot's arrays; in zsh, their names with `[@]`).
__shellhooks_point() {
    \builtin declare -gn __shellhooks_e_p="__shellhooks_p$__shellhooks_e_slot" \
        __shellhooks_e_a="__shellhooks_a$__shellhooks_e_slot" __shellhooks_e_r="__shellhooks_r$__shellhooks_e_slot"
}
else
# shellcheck disable=SC2296,SC2066  # (zsh: (f) splits at newlines, (P) names an array)
__shellhooks_lines() {
    local IFS=$'\n' j e="${3-}"
    local -a l p a r
    # (zsh reads the file itself; its `read` makes a system call per byte. A file gone
    # since it was found is no answer.)
    [[ $2 == - ]] || { e=$(<"$2"); } 2>/dev/null || return 1
    l=("${(@f)e}")
    (( $#l >= 9 )) && __shellhooks_header "${(@)l[1,9]}" && (( $#l >= (j = 9 + np + na + nr) )) || return 1
    p=("${(@)l[10,9+np]}") a=("${(@)l[10+np,9+np+na]}") r=("${(@)l[10+np+na,j]}") w=("${(@)l[j+1,-1]}")
    # The mtimes' seconds, for the quick freshness test (where zstat is loaded).
    [[ -z ${__shellhooks_zstat-} || ${w[1]-} != 'seconds '* ]] || sec=${w[1]#seconds }
    [[ ${p[*]}${a[*]}${r[*]} != *\\* ]] \
        || { __shellhooks_unesc_group p && __shellhooks_unesc_group a && __shellhooks_unesc_group r; } || return 1
    set -A "__shellhooks_p$1" "${p[@]}"
    set -A "__shellhooks_a$1" "${a[@]}"
    set -A "__shellhooks_r$1" "${r[@]}"
}
# shellcheck disable=SC2296,SC2066
__shellhooks_unesc_group() {
    local v
    local -a x
    for v in "${(@P)1}"; do
        __shellhooks_unesc v "$v" || return 1
        x+=("$v")
    done
    set -A "$1" "${x[@]}"
}
__shellhooks_point() {
    # (`[@]`: the whole array, whatever the user's options, KSH_ARRAYS included.)
    __shellhooks_e_p="__shellhooks_p${__shellhooks_e_slot}[@]" __shellhooks_e_a="__shellhooks_a${__shellhooks_e_slot}[@]"
    __shellhooks_e_r="__shellhooks_r${__shellhooks_e_slot}[@]"
}
fi

# True while the current answer holds (the rule is in hookenv.py): its stamp exists,
# every file recorded as present exists and is older than the stamp, and every one
# recorded as absent is absent. The third group's files are tested $__shellhooks_e_per
# at a time, in turn; with $1 = all (an answer about to be used again), all of them.
# (The same in both shells but for how the groups are named: see __shellhooks_point.)
if [[ -z ${ZSH_VERSION-} ]]; then
__shellhooks_fresh() {
    \builtin local s="$__shellhooks_e_stamp" f n="$__shellhooks_e_per"
    [[ -n $s && -e $s ]] || \builtin return 1
    for f in "${__shellhooks_e_p[@]}"; do
        [[ -e $f && $f -ot $s ]] || \builtin return 1
    done
    for f in "${__shellhooks_e_a[@]}"; do
        [[ ! -e $f ]] || \builtin return 1
    done
    (( __shellhooks_e_nr )) || \builtin return 0
    [[ ${1-} != all ]] || __shellhooks_e_at=0 n=$__shellhooks_e_nr
    for f in "${__shellhooks_e_r[@]:$__shellhooks_e_at:$n}"; do
        [[ -e $f && $f -ot $s ]] || \builtin return 1
    done
    (( (__shellhooks_e_at += n) < __shellhooks_e_nr )) || __shellhooks_e_at=0
}
else
# shellcheck disable=SC2296,SC2066  # (zsh: (P) names an array)
__shellhooks_fresh() {
    local s="$__shellhooks_e_stamp" f n="$__shellhooks_e_per"
    local -a t
    # Quick, where zstat is loaded: the stamp and every present file still have the mtime
    # seconds recorded (`seconds`, see hookenv.py: each below the stamp's, so older than
    # the stamp). One builtin reads them all; otherwise the rule itself.
    if [[ -z $__shellhooks_e_sec ]] || ! zstat -A t +mtime -- "$s" "${(@P)__shellhooks_e_p}" 2>/dev/null \
        || [[ ${(j: :)t[*]} != "$__shellhooks_e_sec" ]]; then
        [[ -n $s && -e $s ]] || return 1
        for f in "${(@P)__shellhooks_e_p}"; do
            [[ -e $f && $f -ot $s ]] || return 1
        done
    fi
    for f in "${(@P)__shellhooks_e_a}"; do
        [[ ! -e $f ]] || return 1
    done
    (( __shellhooks_e_nr )) || return 0
    [[ ${1-} != all ]] || __shellhooks_e_at=0 n=$__shellhooks_e_nr
    for f in "${(@)${(@P)__shellhooks_e_r}:$__shellhooks_e_at:$n}"; do
        [[ -e $f && $f -ot $s ]] || return 1
    done
    (( (__shellhooks_e_at += n) < __shellhooks_e_nr )) || __shellhooks_e_at=0
}
fi

# Take an answer (the format is in hookenv.py): the one in file $1 (stored by a shell), or
# with $1 = -, the text $2 (hook-env's output). It becomes the current one: its files read
# into a free slot (__shellhooks_lines), its values the __shellhooks_e_* variables,
# assigned, never evaluated. False, changing nothing, when it is not an answer. With $3 = warn
# (hook-env's own output), also print its warnings and remember what was warned about.
__shellhooks_load() {
    \builtin local n="$__shellhooks_c_free" v k c m i t g s np na nr per sec=''
    \builtin local -a w
    __shellhooks_lines "$n" "$1" "${2-}" || \builtin return 1
    __shellhooks_e_key=$k __shellhooks_e_ctx=$c __shellhooks_e_manual=$m __shellhooks_e_id=$i
    __shellhooks_e_todo=$t __shellhooks_e_seg=$g __shellhooks_e_stamp=$s __shellhooks_e_at=0
    __shellhooks_e_np=$np __shellhooks_e_na=$na __shellhooks_e_nr=$nr __shellhooks_e_per=$per
    __shellhooks_e_sec=$sec __shellhooks_e_slot=$n __shellhooks_e_from=''
    __shellhooks_point
    [[ ${3-} == warn ]] || \builtin return 0
    for v in "${w[@]}"; do
        case $v in
        'warned '*)
            __shellhooks_unesc v "${v#warned }" && __shellhooks_warned+=$v$'\n' ;;
        'warn '*)
            __shellhooks_unesc v "${v#warn }" && __shellhooks_say "$v" ;;
        esac
    done
    \builtin return 0
}

# Keep the current answer in this shell under the cache key $1 (its slot is no longer
# free; the answer kept there before is dropped), so that taking it up again
# (__shellhooks_take) parses nothing. __shellhooks_c_n holds "SLOT NP NA NR PER TODO",
# digits written here and nowhere else.
__shellhooks_keep() {
    \builtin local old="${__shellhooks_c_n[$1]-}"
    old=${old%% *}
    [[ -z $old || $old == "$__shellhooks_e_slot" ]] || \builtin unset "__shellhooks_p$old" "__shellhooks_a$old" "__shellhooks_r$old"
    __shellhooks_c_n[$1]="$__shellhooks_e_slot $__shellhooks_e_np $__shellhooks_e_na $__shellhooks_e_nr $__shellhooks_e_per ${__shellhooks_e_todo:-0}"
    __shellhooks_c_ctx[$1]=$__shellhooks_e_ctx __shellhooks_c_m[$1]=$__shellhooks_e_manual
    __shellhooks_c_id[$1]=$__shellhooks_e_id __shellhooks_c_seg[$1]=$__shellhooks_e_seg
    __shellhooks_c_stamp[$1]=$__shellhooks_e_stamp __shellhooks_c_sec[$1]=$__shellhooks_e_sec
    [[ $__shellhooks_e_slot != "$__shellhooks_c_free" ]] || (( __shellhooks_c_free += 1 ))
    __shellhooks_e_from=$1
}

# Make the answer kept under the cache key $1 the current one (the reverse of the above).
__shellhooks_take() {
    \builtin local n="${__shellhooks_c_n[$1]}"
    __shellhooks_e_slot=${n%% *} n=${n#* }
    __shellhooks_e_np=${n%% *} n=${n#* }
    __shellhooks_e_na=${n%% *} n=${n#* }
    __shellhooks_e_nr=${n%% *} n=${n#* }
    __shellhooks_e_per=${n%% *} __shellhooks_e_todo=${n#* }
    [[ $__shellhooks_e_todo == 1 ]] || __shellhooks_e_todo=''
    __shellhooks_e_key=$1 __shellhooks_e_ctx=${__shellhooks_c_ctx[$1]} __shellhooks_e_manual=${__shellhooks_c_m[$1]}
    __shellhooks_e_id=${__shellhooks_c_id[$1]} __shellhooks_e_seg=${__shellhooks_c_seg[$1]}
    __shellhooks_e_stamp=${__shellhooks_c_stamp[$1]} __shellhooks_e_sec=${__shellhooks_c_sec[$1]}
    __shellhooks_e_at=0 __shellhooks_e_from=$1
    __shellhooks_point
}

# Forget the answer kept under the cache key $1.
__shellhooks_drop() {
    \builtin local n="${__shellhooks_c_n[$1]-}"
    [[ -n $n ]] || \builtin return 0
    n=${n%% *}
    [[ $n == "$__shellhooks_e_slot" ]] || \builtin unset "__shellhooks_p$n" "__shellhooks_a$n" "__shellhooks_r$n"
    __shellhooks_c_n[$1]=
}

# The folder of answers other shells stored, when it can be trusted: it and the
# folders above it up to the cache folder are ours and not links, the cache folder ours. Checked once per
# shell and cache folder (its mode, which no bash builtin reads, is hook-env's check).
__shellhooks_store_dir() {
    \builtin local dir d
    if [[ ${XDG_CACHE_HOME-} == /* ]]; then dir=$XDG_CACHE_HOME; else dir=${HOME-}/.cache; fi
    [[ $dir != "$__shellhooks_store_for" ]] || \builtin return 0
    __shellhooks_store=
    # The cache folder itself must be ours too (it may be a link): whoever owns it can
    # swap the folders below for theirs between this check and a read.
    [[ -d $dir && -O $dir ]] || \builtin return 1
    for d in "$dir/shellhooks" "$dir/shellhooks/entries" "$dir/shellhooks/entries/$__shellhooks_shell"; do
        [[ -d $d && ! -L $d && -O $d ]] || \builtin return 1
    done
    __shellhooks_store=$d __shellhooks_store_for=$dir
}

# An answer another shell stored (see hookenv.py), read with the `read` builtin: a new
# shell entering a project resolved before starts no process. Only regular files we
# own, not links, in the folder checked above.
__shellhooks_disk() {
    \builtin local k f
    __shellhooks_store_dir && [[ -n $__shellhooks_store ]] || \builtin return 1
    for k in "d:$PWD" "k:$__shellhooks_key"; do
        f=${k//\%/%25}
        f=$__shellhooks_store/${f//\//%2F}
        [[ -f $f && ! -L $f && -O $f ]] || \builtin continue
        # (Its key must be the one it is stored under: an answer moved to another
        # project's name is not that project's.)
        if __shellhooks_load "$f" && [[ $__shellhooks_e_key == "$k" && -z $__shellhooks_e_manual
            && $__shellhooks_e_ctx == "$__shellhooks_ctx" ]] && __shellhooks_fresh all; then
            __shellhooks_keep "$k"
            \builtin return 0
        fi
    done
    \builtin return 1
}

# The hook turns itself off: it gives back what it exported, clears the segment, and
# says why in one line ($1: path, python or failed).
__shellhooks_off() {
    \builtin local why d py="${__shellhooks_py--}" lib="${__shellhooks_lib-}" doctor=''
    case $1 in
    path)
        why="'shellhooks' is not found on PATH"
        for d in "${HOME-}/.local/bin" "${lib%/lib/python*}/bin"; do
            if [[ $d == /* && -x $d/shellhooks ]]; then
                why+=" (add $d to PATH)"
                \builtin break
            fi
        done ;;
    python)
        why="its Python ($py) is missing; re-run install.sh" ;;
    *)
        if [[ $py == /* && -x ${py%/*}/shellhooks ]]; then
            doctor=${py%/*}/shellhooks
        else
            doctor=$(\builtin command -v shellhooks 2>/dev/null) || doctor=shellhooks
        fi
        why="'shellhooks hook-env' failed (run '$doctor doctor')" ;;
    esac
    __shellhooks_broken=1
    __shellhooks_leave
    __shellhooks_segment ''
    __shellhooks_e_stamp='' __shellhooks_e_from=''
    __shellhooks_say "shellhooks: $why; the hook is off in this shell"
}

# A message for the terminal (stderr). While powerlevel10k's instant prompt holds the
# terminal (the first prompt of a zsh start-up) it is kept for the next prompt (hook.zsh
# prints it): p10k reports any output before its first prompt as a start-up error.
__shellhooks_say() {
    if [[ -n ${__p9k_instant_prompt_active+x} ]]; then
        __shellhooks_later+=$1$'\n'
    else
        \builtin printf '%s\n' "$1" >&2
    fi
}

# Is `shellhooks` on PATH now? Into __shellhooks_exe, the first one in an absolute PATH
# entry: a relative one (`.`, an empty entry, `bin`) is the project's, and this runs in the
# project. (The shells' own lookup would take it, or trust a remembered path since gone.)
# $1 = present: it is there; runnable: and the interpreter its #! line names too (gone after
# a Python upgrade: the `claude` wrapper then starts claude unchecked, without a raw "bad
# interpreter"; the hook runs it and reports the failure).
__shellhooks_on_path() {
    \builtin local rest="${PATH-}:" dir line
    __shellhooks_exe=
    while [[ -n $rest ]]; do
        dir=${rest%%:*} rest=${rest#*:}
        [[ $dir == /* && -f $dir/shellhooks && -x $dir/shellhooks ]] || \builtin continue
        __shellhooks_exe=$dir/shellhooks
        [[ $1 == runnable ]] || \builtin return 0
        line='' && { \builtin read -r line <"$__shellhooks_exe" || :; }
        [[ $line == '#!/'* ]] || \builtin return 0
        line=${line#\#!} line=${line%%[[:space:]]*}
        [[ -x $line ]]
        \builtin return
    done
    \builtin return 1
}

# Ask Python (one process), cache the answer under the key it chose, and apply it.
__shellhooks_run() {
    \builtin local out=''
    [[ -n ${__shellhooks_py-} ]] || __shellhooks_find_py
    if [[ $__shellhooks_py != - && ! -x $__shellhooks_py ]]; then
        __shellhooks_off python
        \builtin return 1
    elif [[ $__shellhooks_py != - && -n ${__shellhooks_lib-} && -d $__shellhooks_lib/shellhooks ]]; then
        # -I: the project folder is never on sys.path. Python starts in / (zsh: `cd -q`, no
        # chpwd hooks): nothing relative to the current folder (a `.` in PATH too) is the project's.
        out=$(__shellhooks_d=$PWD; \builtin cd ${ZSH_VERSION:+-q} / && "$__shellhooks_py" -I -S -c 'import sys;sys.path.insert(0,sys.argv.pop(1));from shellhooks.hookenv import run;run(sys.argv[1:])' \
            "$__shellhooks_lib" "$__shellhooks_shell" - "$__shellhooks_key" "$__shellhooks_d" "$__shellhooks_warned" "$__shellhooks_ctx" 2>/dev/null) || out=
    elif __shellhooks_on_path present; then
        out=$(__shellhooks_d=$PWD; \builtin cd ${ZSH_VERSION:+-q} / && "$__shellhooks_exe" hook-env "$__shellhooks_shell" - "$__shellhooks_key" "$__shellhooks_d" "$__shellhooks_warned" "$__shellhooks_ctx" 2>/dev/null) || out=
    else
        __shellhooks_off path
        \builtin return 1
    fi
    # ($(...) drops the last newline; the answer's lines are whole again with it.)
    if ! __shellhooks_load - "$out" warn; then
        __shellhooks_off failed
        \builtin return 1
    fi
    __shellhooks_keep "$__shellhooks_e_key"
    [[ $__shellhooks_e_key != k:* ]] || __shellhooks_drop "d:$PWD"
    __shellhooks_apply
}

# direnv's and mise's hooks, when this shell loaded them, first bring their variables up
# to date for a new $PWD: run after ours (by load order, or direnv in fish always) or
# only at the prompt (direnv in bash, so `cd x && claude`), they would otherwise put back
# a value of ours after this hook moved on, or set theirs after it decided. Their own run
# then finds nothing to do. (Only when $PWD changed: no process on an ordinary prompt;
# and not when theirs already ran for this change: a bash prompt command before ours,
# mise's bash `cd`, a zsh chpwd function before ours.)
__shellhooks_managers() {
    if [[ $__shellhooks_shell == bash ]]; then
        \builtin local d='' m=''
        # (Both looked up under one redirection; `declare -F` prints the name.)
        { \builtin declare -F _direnv_hook && d=1; \builtin declare -F _mise_hook && m=1; } >/dev/null 2>&1
        if [[ -n $d && ( -z ${__shellhooks_prompting-} || ${PROMPT_COMMAND[*]-} != *_direnv_hook*__shellhooks_hook* ) ]]; then
            _direnv_hook
        fi
        if [[ -n $m && ${__MISE_BASH_CHPWD_RAN-} != 1
              && ( -z ${__shellhooks_prompting-} || ${PROMPT_COMMAND[*]-} != *_mise_hook*__shellhooks_hook* ) ]]; then
            _mise_hook
        fi
    else
        (( ${+functions[_direnv_hook]} || ${+functions[_mise_hook]} )) || \builtin return 0
        \builtin local ours=${chpwd_functions[(Ie)__shellhooks_chpwd]-0} i
        i=${chpwd_functions[(Ie)_direnv_hook]-0}
        if (( ${+functions[_direnv_hook]} && (i == 0 || i > ours) )); then _direnv_hook; fi
        i=${chpwd_functions[(Ie)_mise_hook_chpwd]-0}
        if (( ${+functions[_mise_hook]} && (i == 0 || i > ours) )); then _mise_hook; fi
    fi
    \builtin return 0
}

__shellhooks_update() {
    # Only in a shell that loaded the hook: Claude Code's Bash tool sources a snapshot of
    # the functions (the `claude` wrapper calls this) without the hook's variables.
    [[ -n ${__shellhooks_shell-} ]] || \builtin return 0
    \builtin local m='' k='' how=''
    if [[ $PWD != "$__shellhooks_pwd" ]]; then
        __shellhooks_managers
        __shellhooks_walk
    fi
    # A hand-set value (blanks only count as unset, as in Claude Code).
    if [[ ${CLAUDE_CODE_TASK_LIST_ID-} == *[![:space:]]* && $CLAUDE_CODE_TASK_LIST_ID != "${__SHELLHOOKS_ID-}" ]]; then
        m=$CLAUDE_CODE_TASK_LIST_ID
    fi
    # What an answer depends on besides files: Claude Code's and our folders, and colour.
    # hook-env stores it in the answer; an answer made under another context is not used.
    __shellhooks_ctx="${CLAUDE_CONFIG_DIR-}|${XDG_CONFIG_HOME-}|${XDG_DATA_HOME-}|${HOME-}|"
    if [[ -n ${NO_COLOR-} || ${TERM:-dumb} == dumb ]]; then __shellhooks_ctx+=-; else __shellhooks_ctx+=c; fi
    if [[ -n ${__shellhooks_c_n[d:$PWD]-} ]]; then
        k=d:$PWD
    elif [[ -n ${__shellhooks_c_n[k:$__shellhooks_key]-} ]]; then
        k=k:$__shellhooks_key
    fi
    # The answer in use is not tested whole (a `cd` within a project: its files go on
    # being tested in turn); one taken up again is tested whole.
    if [[ -n $k && $k != "$__shellhooks_e_from" ]]; then
        __shellhooks_take "$k"
        how=all
    fi
    if [[ -n $k && $__shellhooks_e_manual == "$m" && $__shellhooks_e_ctx == "$__shellhooks_ctx" ]] \
        && __shellhooks_fresh ${how:+"$how"}; then
        __shellhooks_apply
        \builtin return 0
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
            __shellhooks_segment ''
            __shellhooks_pwd=
        fi
        \builtin return 1
    fi
    if [[ $PWD != "$__shellhooks_pwd" || "${NO_COLOR-}${TERM-}|${CLAUDE_CODE_TASK_LIST_ID+x}${CLAUDE_CODE_TASK_LIST_ID-}" != "$__shellhooks_seen" ]] \
        || ! __shellhooks_fresh; then
        __shellhooks_update
    fi
    [[ ${SHELLHOOKS_PROMPT-1} != 0 && -z ${__shellhooks_noprompt-} ]]
}
