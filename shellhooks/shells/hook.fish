# shellhooks hook for fish: exports CLAUDE_CODE_TASK_LIST_ID for the project you are in.
#
# In ~/.config/fish/config.fish, either line:
#   shellhooks init fish | source
#   source /path/to/shellhooks/shells/hook.fish     # starts no Python at shell start
#
# The PWD variable event updates at once on `cd` (so `cd proj; and claude` gets the
# project's id); the fish_prompt event notices everything else. On an ordinary prompt
# this runs no process: it compares $PWD and the variable with what it last saw and
# tests the cached entry's files with `test -nt` against a stamp. Only when something
# changed does it run `shellhooks hook-env` once. Safe to load twice; silent in
# non-interactive shells; SHELLHOOKS_DISABLE=1 turns it off.

if status is-interactive; and test "$SHELLHOOKS_DISABLE" != 1

    if not set -q __shellhooks_lib
        set -g __shellhooks_lib (path dirname (path dirname (path dirname (path resolve (status filename)))))
    end
    set -gx __SHELLHOOKS_SHELL_PID $fish_pid  # the shell that loaded it (`doctor` compares)
    set -q __shellhooks_ckeys; or set -g __shellhooks_ckeys
    set -q __shellhooks_cvals; or set -g __shellhooks_cvals
    set -q __shellhooks_warned; or set -g __shellhooks_warned ''
    set -g __shellhooks_key ''
    set -g __shellhooks_pwd ''
    set -g __shellhooks_seen ''
    set -g __shellhooks_broken ''
    set -g __shellhooks_ctx ''
    set -g __shellhooks_e_ctx ''

    function __shellhooks_fresh
        return 1
    end

    # The nearest folder from $PWD up with a marker: the cache key ("" when none).
    function __shellhooks_walk
        set -l d $PWD
        while true
            if test -e $d/.git -o -e $d/.env -o -e $d/.envrc -o -e $d/.claude
                set -g __shellhooks_key $d
                return 0
            end
            test "$d" = /; and break
            set d (path dirname -- $d)
        end
        set -g __shellhooks_key ''
    end

    # The interpreter of the `shellhooks` executable, read from its #! line (no process).
    function __shellhooks_find_py
        set -g __shellhooks_py -
        set -l exe (command -s shellhooks)
        if test -n "$exe" -a -r "$exe"
            read -l line <$exe
            set line (string replace -r '^#!' '' -- $line)
            if string match -qr '^/\S*/python[^/\s]*$' -- $line; and test -x $line
                set -g __shellhooks_py $line
            end
        end
    end

    function __shellhooks_todo_off
        if test "$__SHELLHOOKS_TODO" = 1
            test "$CLAUDE_CODE_ENABLE_TODO_TOOLS" = 1; and set -e CLAUDE_CODE_ENABLE_TODO_TOOLS
            set -e __SHELLHOOKS_TODO
        end
    end

    function __shellhooks_leave
        if set -q __SHELLHOOKS_ID; and test -n "$__SHELLHOOKS_ID" -a "$CLAUDE_CODE_TASK_LIST_ID" = "$__SHELLHOOKS_ID"
            set -e CLAUDE_CODE_TASK_LIST_ID
        end
        set -e __SHELLHOOKS_ID
        __shellhooks_todo_off
    end

    function __shellhooks_apply
        if test -n "$__shellhooks_e_m"
            set -e __SHELLHOOKS_ID
            __shellhooks_todo_off
        else if test -n "$__shellhooks_e_id"
            set -gx CLAUDE_CODE_TASK_LIST_ID $__shellhooks_e_id
            set -gx __SHELLHOOKS_ID $__shellhooks_e_id
            if test -z "$__shellhooks_e_todo"
                __shellhooks_todo_off
            else if not set -q CLAUDE_CODE_ENABLE_TODO_TOOLS
                set -gx CLAUDE_CODE_ENABLE_TODO_TOOLS 1
                set -gx __SHELLHOOKS_TODO 1
            end
        else
            __shellhooks_leave
        end
        set -g SHELLHOOKS_SEGMENT $__shellhooks_e_seg
        # (Unset and empty look the same here: both mean no value of the user's.)
        set -g __shellhooks_seen "x$CLAUDE_CODE_TASK_LIST_ID"
        set -g __shellhooks_pwd $PWD
    end

    # Keep an answer in this shell (fish has no associative arrays: two lists).
    function __shellhooks_remember --argument-names key value
        set -l i (contains -i -- $key $__shellhooks_ckeys)
        if test -n "$i"
            set __shellhooks_cvals[$i] $value
        else
            set -a __shellhooks_ckeys $key
            set -a __shellhooks_cvals $value
        end
    end

    # What an answer depends on besides files: Claude Code's and our folders, and colour.
    # hook-env stores it in the answer; an answer made under another context is not used.
    function __shellhooks_context
        set -l c -
        if test -z "$NO_COLOR" -a -n "$TERM" -a "$TERM" != dumb
            set c c
        end
        set -g __shellhooks_ctx "$CLAUDE_CONFIG_DIR|$XDG_CONFIG_HOME|$XDG_DATA_HOME|$HOME|$c"
    end

    # An answer another shell stored (see hookenv.py), read by builtins: a new shell
    # entering a project resolved before starts no process. Only files we own.
    function __shellhooks_disk
        set -l dir $HOME/.cache
        string match -q '/*' -- "$XDG_CACHE_HOME"; and set dir $XDG_CACHE_HOME
        for k in "d:$PWD" "k:$__shellhooks_key"
            # (`string collect`: one word even when the path holds newlines.)
            set -l f $dir/shellhooks/entries/fish/(string replace -a -- % %25 $k | string replace -a -- / %2F | string collect)
            test -f $f -a -O $f; or continue
            set -l e (string collect <$f)
            string match -q '*__shellhooks_fresh*' -- "$e"; or continue
            set -g __shellhooks_e_ctx -  # an entry that does not set it (another version) never fits
            eval $e
            if test -z "$__shellhooks_e_m" -a "$__shellhooks_e_ctx" = "$__shellhooks_ctx"; and __shellhooks_fresh
                __shellhooks_remember $k $e
                return 0
            end
        end
        return 1
    end

    function __shellhooks_run
        set -q __shellhooks_py; or __shellhooks_find_py
        set -l out
        if test "$__shellhooks_py" != - -a -d "$__shellhooks_lib/shellhooks"
            set out ($__shellhooks_py -I -S -c 'import sys;sys.path.insert(0,sys.argv.pop(1));from shellhooks.hookenv import run;run(sys.argv[1:])' \
                $__shellhooks_lib fish - "$__shellhooks_key" $PWD "$__shellhooks_warned" "$__shellhooks_ctx" 2>/dev/null | string collect)
        else if command -q shellhooks
            set out (command shellhooks hook-env fish - "$__shellhooks_key" $PWD "$__shellhooks_warned" "$__shellhooks_ctx" 2>/dev/null | string collect)
        end
        if not string match -q '*__shellhooks_entry *' -- "$out"
            set -g __shellhooks_broken 1
            echo "shellhooks: 'shellhooks hook-env' failed; the hook is off in this shell (run 'shellhooks doctor')" >&2
            return 1
        end
        eval $out
        __shellhooks_remember $__shellhooks_ckey $__shellhooks_entry
        if string match -q 'k:*' -- $__shellhooks_ckey
            set -l i (contains -i -- "d:$PWD" $__shellhooks_ckeys)
            test -n "$i"; and set __shellhooks_cvals[$i] ''
        end
        eval $__shellhooks_entry
        __shellhooks_apply
    end

    function __shellhooks_update
        set -l m ''
        # A hand-set value (blanks only count as unset, as in Claude Code).
        if string match -qr '\S' -- "$CLAUDE_CODE_TASK_LIST_ID"; and test "$CLAUDE_CODE_TASK_LIST_ID" != "$__SHELLHOOKS_ID"
            set m $CLAUDE_CODE_TASK_LIST_ID
        end
        test "$PWD" = "$__shellhooks_pwd"; or __shellhooks_walk
        __shellhooks_context
        set -l e ''
        set -l i (contains -i -- "d:$PWD" $__shellhooks_ckeys)
        test -n "$i"; and set e $__shellhooks_cvals[$i]
        if test -z "$e"
            set i (contains -i -- "k:$__shellhooks_key" $__shellhooks_ckeys)
            test -n "$i"; and set e $__shellhooks_cvals[$i]
        end
        if test -n "$e"
            eval $e
            if test "$__shellhooks_e_m" = "$m" -a "$__shellhooks_e_ctx" = "$__shellhooks_ctx"; and __shellhooks_fresh
                __shellhooks_apply
                return 0
            end
        end
        if test -z "$m"; and __shellhooks_disk
            __shellhooks_apply
            return 0
        end
        __shellhooks_run
        return 0
    end

    # At each prompt. The ordinary prompt (same $PWD and variable, the files fresh) costs
    # one `test` and the freshness test: fish spends ~8 us on each statement or `test`
    # clause. (fish restores $status after an event handler.)
    function __shellhooks_prompt --on-event fish_prompt
        test "x$CLAUDE_CODE_TASK_LIST_ID" = "$__shellhooks_seen" -a "$PWD" = "$__shellhooks_pwd" -a -z "$__shellhooks_broken" -a "$SHELLHOOKS_DISABLE" != 1
        and __shellhooks_fresh
        or __shellhooks_prompt_slow
    end

    function __shellhooks_prompt_slow
        if test -n "$__shellhooks_broken"
            return
        end
        if test "$SHELLHOOKS_DISABLE" = 1
            if test -n "$__SHELLHOOKS_ID" -o -n "$__shellhooks_pwd"
                __shellhooks_leave
                set -g SHELLHOOKS_SEGMENT ''
                set -g __shellhooks_pwd ''
            end
            return
        end
        __shellhooks_update
    end

    # On `cd`: update at once, so a command after `cd` on the same line sees the new id.
    function __shellhooks_on_pwd --on-variable PWD
        set -l s $status
        if test -z "$__shellhooks_broken" -a "$SHELLHOOKS_DISABLE" != 1
            __shellhooks_update
        end
        return $s
    end

    # The right prompt: any right prompt the user already had (it sees the real $status),
    # then the segment, one space between. A right prompt of the user's that names
    # SHELLHOOKS_SEGMENT is left alone; a fish_prompt that names it (read when the segment
    # changes, not on every prompt: ~70 us) means ours is left out.
    if test "$SHELLHOOKS_PROMPT" != 0; and not set -q __shellhooks_noprompt
        function __shellhooks_rp_wrap
            set -l rp ''
            functions -q fish_right_prompt; and set rp (functions --no-details fish_right_prompt | string collect)
            if not string match -q '*__shellhooks_rp_seg*' -- "$rp"  # not ours (loaded twice)
                functions -e __shellhooks_user_right_prompt
                string match -q '*SHELLHOOKS_SEGMENT*' -- "$rp"; and return 0
                test -n "$rp"; and functions -c fish_right_prompt __shellhooks_user_right_prompt
            end
            set -g __shellhooks_rp_seg ''
            set -g __shellhooks_rp_user ''
            # The user's right prompt first (it sees the real $status), then ours after a
            # space; the ordinary prompt costs one `test` and the `printf`.
            if functions -q __shellhooks_user_right_prompt
                function fish_right_prompt
                    __shellhooks_user_right_prompt
                    test "$SHELLHOOKS_SEGMENT" = "$__shellhooks_rp_seg" -a "$SHELLHOOKS_PROMPT" != 0 -a -z "$__shellhooks_rp_user" -a -n "$SHELLHOOKS_SEGMENT"
                    and printf ' %s' "$SHELLHOOKS_SEGMENT"
                    or __shellhooks_rp_check ' '
                end
            else
                function fish_right_prompt
                    test "$SHELLHOOKS_SEGMENT" = "$__shellhooks_rp_seg" -a "$SHELLHOOKS_PROMPT" != 0 -a -z "$__shellhooks_rp_user"
                    and printf '%s' "$SHELLHOOKS_SEGMENT"
                    or __shellhooks_rp_check ''
                end
            end
        end
        # The segment changed, is off or empty: look again whether fish_prompt names the
        # variable (~70 us, so only when the segment changed), then print it if it is on.
        function __shellhooks_rp_check --argument-names sep
            if test "$SHELLHOOKS_SEGMENT" != "$__shellhooks_rp_seg"
                set -g __shellhooks_rp_seg "$SHELLHOOKS_SEGMENT"
                set -g __shellhooks_rp_user ''
                if functions --no-details fish_prompt 2>/dev/null | string match -q '*SHELLHOOKS_SEGMENT*'
                    set -g __shellhooks_rp_user 1
                end
            end
            if test "$SHELLHOOKS_PROMPT" != 0 -a -n "$SHELLHOOKS_SEGMENT" -a -z "$__shellhooks_rp_user"
                printf '%s%s' $sep "$SHELLHOOKS_SEGMENT"
            end
        end
        __shellhooks_rp_wrap
        # Again at the first prompt: conf.d (where install.sh loads the hook) is read before
        # config.fish, and a right prompt defined there would replace ours.
        function __shellhooks_rp_first --on-event fish_prompt
            functions -e __shellhooks_rp_first
            __shellhooks_rp_wrap
        end
    end

    # The `claude` launch wrapper (inlined after this file by `shellhooks init`).
    if not set -q __shellhooks_wrapper_inline; and test -r $__shellhooks_lib/shellhooks/shells/claude.fish
        source $__shellhooks_lib/shellhooks/shells/claude.fish
    end
end
