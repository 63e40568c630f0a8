# shellhooks hook for fish: exports CLAUDE_CODE_TASK_LIST_ID for the project you are in.
# In ~/.config/fish/config.fish, either line:
#   status is-interactive; and shellhooks init fish | source   # (fish -c reads it too)
#   source /path/to/shellhooks/shells/hook.fish     # starts no Python at shell start
# On `cd` (at once) and at each prompt it compares strings and tests the answer's files
# against a stamp, with no process; only when something changed does it run `shellhooks
# hook-env` once. Safe to load twice; silent in non-interactive shells;
# SHELLHOOKS_DISABLE=1 turns it off. What runs when: docs/ARCHITECTURE.md.

if status is-interactive; and test "$SHELLHOOKS_DISABLE" != 1

    # The functions that run at each prompt and `cd` come first: each time a function
    # calls another, runs a command substitution or enters a block, fish (3.6) counts the
    # lines from the start of the file to that point, so a function's place in the file
    # costs (a pipe into `read` counts none).

    # At each prompt. The ordinary prompt (same $PWD and variable, the hook on) is one
    # `test` of strings and the freshness test. (fish restores $status after an event
    # handler.)
    function __shellhooks_prompt --on-event fish_prompt
        test "$NO_COLOR$TERM|x$CLAUDE_CODE_TASK_LIST_ID" = "$__shellhooks_seen" -a "$PWD" = "$__shellhooks_pwd" -a -z "$__shellhooks_broken" -a "$SHELLHOOKS_DISABLE" != 1
        and __shellhooks_fresh
        or __shellhooks_prompt_slow
    end

    # True while the current answer holds (the rule is in hookenv.py): its stamp exists,
    # every file recorded as present exists and is older than the stamp, and every one
    # recorded as absent is absent. The third group's files are tested
    # $__shellhooks_e_per at a time, in turn; with `all` (an answer about to be used
    # again), all of them. (One `path mtime` of many files costs fish less than a `test`.)
    function __shellhooks_fresh
        # Quick: every file still has the mtime second recorded, all below the stamp's (so
        # each is older than the stamp), and no absent file exists (`path filter` would
        # print it). Else the rule itself.
        if not test -n "$__shellhooks_e_sec" -a \n"$(path mtime -- $__shellhooks_e_stamp $__shellhooks_e_p; path filter -- $__shellhooks_e_a)"\n = "$__shellhooks_e_sec"
            set -l s $__shellhooks_e_stamp
            test -e "$s"; or return 1
            for f in $__shellhooks_e_p
                test -e "$f" -a "$f" -ot "$s"; or return 1
            end
            path filter -q -- $__shellhooks_e_a; and return 1
        end
        test $__shellhooks_e_nr = 0; or __shellhooks_fresh_turn $argv
    end

    # On `cd` (at once, so a command after `cd` on the same line sees the new id), and
    # from the prompt when something changed: the answer for $PWD, applied. This shell's
    # answer if fresh, else one another shell stored, else one from `hook-env`.
    function __shellhooks_update --on-variable PWD
        set -l s $status
        test -z "$__shellhooks_broken" -a "$SHELLHOOKS_DISABLE" != 1; or return $s
        if test "$PWD" != "$__shellhooks_pwd"
            # direnv's and mise's hooks first (see hook.common.sh).
            functions -q __direnv_export_eval; and __direnv_export_eval
            functions -q __mise_env_eval; and __mise_env_eval
            # The cache key: the nearest folder from $PWD up with a marker ("" when none).
            # (No block entered when $PWD has one: fish counts the file's lines at each
            # block, command substitution and function call.)
            set -l d $PWD
            while not test -e $d/.git -o -e $d/.env -o -e $d/.envrc -o -e $d/.claude
                test "$d" = /; and set d ''; and break
                set d (path dirname -- $d)
            end
            set -g __shellhooks_key $d
        end
        # A hand-set value (blanks only count as unset, as in Claude Code).
        set -l m
        if test "$CLAUDE_CODE_TASK_LIST_ID" != "$__SHELLHOOKS_ID"; and string match -qr '\S' -- "$CLAUDE_CODE_TASK_LIST_ID"
            set m $CLAUDE_CODE_TASK_LIST_ID
        end
        # What an answer depends on besides files: Claude Code's and our folders, and colour
        # (hook-env stores it in the answer; one made under another context is not used).
        set -l c -
        test -z "$NO_COLOR" -a -n "$TERM" -a "$TERM" != dumb; and set c c
        set -g __shellhooks_ctx "$CLAUDE_CONFIG_DIR|$XDG_CONFIG_HOME|$XDG_DATA_HOME|$HOME|$c"
        # The answer kept for this folder, else for its project. The one in use is not
        # tested whole (a `cd` within a project: its files go on being tested in turn); one
        # taken up again is.
        set -l i (contains -i -- "d:$PWD" $__shellhooks_ckeys; or contains -i -- "k:$__shellhooks_key" $__shellhooks_ckeys)
        # (`and`/`or` rather than blocks; __shellhooks_apply is true.)
        set -l how all
        test -n "$i" -a "$__shellhooks_ckeys[$i]" = "$__shellhooks_e_from"; and set how
        test -n "$i" -a -n "$how"; and __shellhooks_take $i
        test -n "$i" -a "$__shellhooks_e_manual" = "$m" -a "$__shellhooks_e_ctx" = "$__shellhooks_ctx"; and __shellhooks_fresh $how
        or __shellhooks_disk "$m"
        and __shellhooks_apply
        or __shellhooks_run
        return $s
    end

    # Export what the current answer says; SHELLHOOKS_SEGMENT and, exported for prompts
    # that run as a program of their own (starship's env_var module),
    # SHELLHOOKS_SEGMENT_PLAIN without its colour codes, unset when empty (see
    # hook.common.sh).
    function __shellhooks_apply
        if test -n "$__shellhooks_e_manual"
            # Not ours: left as it is; ours is kept when direnv or mise applies it (id =
            # that value), as in hook.common.sh.
            test "$__shellhooks_e_id" = "$__shellhooks_e_manual"; or set -e __SHELLHOOKS_ID
        else if test -n "$__shellhooks_e_id"
            set -gx CLAUDE_CODE_TASK_LIST_ID $__shellhooks_e_id
            set -gx __SHELLHOOKS_ID $__shellhooks_e_id
        else
            __shellhooks_leave
        end
        if test -z "$__shellhooks_e_id" -o -z "$__shellhooks_e_todo"
            __shellhooks_todo_off
        else if not set -q CLAUDE_CODE_ENABLE_TODO_TOOLS
            set -gx CLAUDE_CODE_ENABLE_TODO_TOOLS 1
            set -gx __SHELLHOOKS_TODO 1
        end
        set -g SHELLHOOKS_SEGMENT $__shellhooks_e_seg
        if test -n "$__shellhooks_e_plain"
            set -gx SHELLHOOKS_SEGMENT_PLAIN $__shellhooks_e_plain
        else
            set -e SHELLHOOKS_SEGMENT_PLAIN
        end
        # (Unset and empty look the same here: both mean no value of the user's.)
        set -g __shellhooks_seen "$NO_COLOR$TERM|x$CLAUDE_CODE_TASK_LIST_ID" # (and colour, see hook.common.sh)
        set -g __shellhooks_pwd $PWD
        set -g __shellhooks_mgr "$DIRENV_DIFF|$__MISE_DIFF" # (see hook.common.sh)
    end

    # The third group's files from $__shellhooks_e_at on, $__shellhooks_e_per of them (all
    # of them with `all`; see above).
    function __shellhooks_fresh_turn
        set -l s $__shellhooks_e_stamp
        set -l i 1
        set -l j $__shellhooks_e_nr
        if test "$argv[1]" != all
            set i $__shellhooks_e_at
            set j (math "min($i + $__shellhooks_e_per - 1, $__shellhooks_e_nr)")
        end
        # Quick: the stamp and every one of these files has an mtime (each exists), each
        # file's in a second before the stamp's (`max` of them, each followed by a comma).
        # Else the rule, file by file.
        set -l m (path mtime -- $s $__shellhooks_e_r[$i..$j])
        if not set -q m[(math $j - $i + 2)]; or test (math max\( $m[2..-1], 0\)) -ge $m[1]
            for f in $__shellhooks_e_r[$i..$j]
                test -e "$f" -a "$f" -ot "$s"; or return 1
            end
        end
        set -g __shellhooks_e_at 1
        test $j = $__shellhooks_e_nr; or set -g __shellhooks_e_at (math $j + 1)
    end

    # An answer another shell stored (see hookenv.py), read by builtins: a new shell
    # entering a project resolved before starts no process. Only regular files we own,
    # not links, in the folder __shellhooks_store_dir checked; none for a hand-set value
    # ($argv[1]).
    function __shellhooks_disk
        test -z "$argv[1]"; or return 1
        test -n "$__shellhooks_store" -a "$XDG_CACHE_HOME|$HOME" = "$__shellhooks_store_for"
        or __shellhooks_store_dir; or return 1
        set -l keys "d:$PWD" "k:$__shellhooks_key"
        # Their file names (`%` and `/` escaped, as hook-env names them), one a line (and
        # an empty one after); one by one when a path holds a newline. (A pipe into `read`
        # costs fish less than a command substitution.)
        string replace -a -- % %25 $keys | string replace -a -- / %2F | read -lz -a -d \n names
        if set -q names[4]
            set names "$(string replace -a -- % %25 $keys[1] | string replace -a -- / %2F)" "$(string replace -a -- % %25 $keys[2] | string replace -a -- / %2F)"
        end
        for i in 1 2
            set -l f $__shellhooks_store/$names[$i]
            test -f $f -a ! -L $f -a -O $f; or continue
            read -lz -a -d \n e <$f # (its lines)
            # (Its key must be the one it is stored under: an answer moved to another
            # project's name is not that project's.)
            if __shellhooks_load - $e; and test "$keys[$i]" = "$__shellhooks_e_key"
                and test -z "$__shellhooks_e_manual" -a "$__shellhooks_e_ctx" = "$__shellhooks_ctx"; and __shellhooks_fresh all
                __shellhooks_keep $keys[$i]
                return 0
            end
        end
        return 1
    end

    # Keep the current answer in this shell under the cache key $argv[1], as parsed, so
    # that taking it up again (__shellhooks_take) parses nothing. fish has no associative
    # arrays: __shellhooks_ckeys holds the keys; the answer at index I is the list
    # __shellhooks_cI (its values) and the lists __shellhooks_cI_p, _a and _r (its files).
    function __shellhooks_keep --argument-names key
        # (Its index, else the next one: the count of the keys and one more.)
        set -l i (contains -i -- $key $__shellhooks_ckeys; or count $__shellhooks_ckeys +)
        set -g __shellhooks_ckeys[$i] $key
        set -g __shellhooks_c$i "$__shellhooks_e_ctx" "$__shellhooks_e_manual" "$__shellhooks_e_id" "$__shellhooks_e_todo" \
            "$__shellhooks_e_seg" "$__shellhooks_e_plain" "$__shellhooks_e_stamp" $__shellhooks_e_nr $__shellhooks_e_per "$__shellhooks_e_sec"
        set -g __shellhooks_c"$i"_p $__shellhooks_e_p
        set -g __shellhooks_c"$i"_a $__shellhooks_e_a
        set -g __shellhooks_c"$i"_r $__shellhooks_e_r
        set -g __shellhooks_e_from $key
    end

    # Take an answer (hook-env's output or a stored one; the format is in hookenv.py),
    # its lines as the arguments after the first, into the __shellhooks_e_* variables:
    # values are assigned, never evaluated. False, changing nothing, when it is not an
    # answer. With `warn` first (hook-env's own output), also print its warnings and
    # remember what was warned. (Few statements and command substitutions: each costs.)
    function __shellhooks_load --argument-names how
        set -e argv[1] # (the lines)
        # The head (its nine lines joined), checked by one regular expression whose groups
        # are its values: key, ctx, manual, id, todo, segment, stamp, and the four numbers.
        # (Into `read`, one a line: a command substitution costs fish more.)
        string match -rg '^shellhooks answer 1\nkey ([^\n]*)\nctx ([^\n]*)\nmanual ([^\n]*)\nid ([^\n]*)\ntodo ([^\n]*)\nsegment ([^\n]*)\nstamp (/[^\n]*)\nfiles (0|[1-9][0-9]{0,7}) (0|[1-9][0-9]{0,7}) (0|[1-9][0-9]{0,7}) (0|[1-9][0-9]{0,7})$' -- "$(string join \n -- $argv[1..9])" | read -lz -a -d \n v
        or return 1
        set -l np $v[8]
        set -l na $v[9]
        set -l nr $v[10]
        test $nr = 0 -o $v[11] -gt 0; or return 1
        # The three groups of files, each as many as its count says (its last line is
        # there); the optional lines are left.
        set -e argv[1..9]
        set -l p
        set -l a
        set -l r
        if test $np != 0
            set -q argv[$np]; or return 1
            set p $argv[1..$np]
            set -e argv[1..$np]
        end
        if test $na != 0
            set -q argv[$na]; or return 1
            set a $argv[1..$na]
            set -e argv[1..$na]
        end
        if test $nr != 0
            set -q argv[$nr]; or return 1
            set r $argv[1..$nr]
            set -e argv[1..$nr]
        end
        # Every path is absolute (what hook-env writes; escaping leaves a first `/`), and
        # no value holds a backslash (the usual case): one test of all (the values that
        # are not paths given a first `/`), else each apart. (A regular expression: a
        # glob's `\\\\` matches two backslashes, not one.)
        if string match -qr '^(?!/[^\\\\]*$)' -- /$v[1..7] $p $a $r /$argv
            string match -qv -- '/*' $p $a $r; and return 1
            # hook-env escapes only backslash and newline (`\\`, `\n`): text holding any
            # other backslash sequence, which `printf %b` would turn into a control
            # character or stop at, is not an answer. Then `printf %b` undoes it (NUL ends
            # each value: none holds one).
            string replace -ar '\\\\[\\\\n]' '' -- $v[1..7] $p $a $r $argv | string match -qr '\\\\'; and return 1
            set v (printf '%b\0' $v | string split0)
            test $np = 0; or set p (printf '%b\0' $p | string split0)
            test $na = 0; or set a (printf '%b\0' $a | string split0)
            test $nr = 0; or set r (printf '%b\0' $r | string split0)
        end
        set -g __shellhooks_e_key $v[1]
        set -g __shellhooks_e_ctx $v[2]
        set -g __shellhooks_e_manual $v[3]
        set -g __shellhooks_e_id $v[4]
        set -g __shellhooks_e_todo $v[5]
        set -g __shellhooks_e_seg $v[6]
        set -g __shellhooks_e_plain "$(string replace -ra '\e\[[0-9;]*m' '' -- $v[6])"
        set -g __shellhooks_e_stamp $v[7]
        set -g __shellhooks_e_p $p
        set -g __shellhooks_e_a $a
        set -g __shellhooks_e_r $r
        set -g __shellhooks_e_nr $nr
        set -g __shellhooks_e_per $v[11]
        set -g __shellhooks_e_at 1
        set -g __shellhooks_e_from ''
        # The recorded seconds (see hookenv.py), newline-joined as "$(path mtime ...)" prints
        # them, between newlines (the first where `seconds ` was: a line that does not begin
        # so has none, and never matches).
        string replace -raf '^seconds | ' \n -- "$argv[1]" | read -gz __shellhooks_e_sec
        test "$how" = warn; or return 0
        for x in $argv
            if string match -q 'warned *' -- $x
                set -g __shellhooks_warned "$__shellhooks_warned"(printf %b (string sub -s 8 -- $x) | string collect -N)\n
            else if string match -q 'warn *' -- $x
                printf %b\n (string sub -s 6 -- $x) >&2
            end
        end
        return 0
    end

    # Make the answer kept at index $argv[1] the current one (see __shellhooks_keep).
    function __shellhooks_take --argument-names i
        set -l n __shellhooks_c$i
        set -l v $$n
        set -g __shellhooks_e_key $__shellhooks_ckeys[$i]
        set -g __shellhooks_e_ctx $v[1]
        set -g __shellhooks_e_manual $v[2]
        set -g __shellhooks_e_id $v[3]
        set -g __shellhooks_e_todo $v[4]
        set -g __shellhooks_e_seg $v[5]
        set -g __shellhooks_e_plain $v[6]
        set -g __shellhooks_e_stamp $v[7]
        set -g __shellhooks_e_nr $v[8]
        set -g __shellhooks_e_per $v[9]
        set -g __shellhooks_e_sec $v[10]
        set n __shellhooks_c"$i"_p
        set -g __shellhooks_e_p $$n
        set n __shellhooks_c"$i"_a
        set -g __shellhooks_e_a $$n
        set n __shellhooks_c"$i"_r
        set -g __shellhooks_e_r $$n
        set -g __shellhooks_e_at 1
        set -g __shellhooks_e_from $__shellhooks_ckeys[$i]
    end

    # The folder of answers other shells stored, when it can be trusted: it and the
    # folders above it up to the cache folder are ours and not links, the cache folder ours. Checked once per
    # shell and cache folder (__shellhooks_disk compares what it came from; its mode, which
    # no fish builtin reads, is hook-env's check).
    function __shellhooks_store_dir
        set -l dir $HOME/.cache
        string match -q '/*' -- "$XDG_CACHE_HOME"; and set dir $XDG_CACHE_HOME
        set -g __shellhooks_store ''
        # The cache folder itself must be ours too (it may be a link): whoever owns it
        # can swap the folders below for theirs between this check and a read.
        test -d $dir -a -O $dir; or return 1
        for d in $dir/shellhooks $dir/shellhooks/entries $dir/shellhooks/entries/fish
            test -d $d -a ! -L $d -a -O $d; or return 1
        end
        set -g __shellhooks_store $dir/shellhooks/entries/fish
        set -g __shellhooks_store_for "$XDG_CACHE_HOME|$HOME" # (what $dir came from)
    end

    # The right prompt: any right prompt the user already had (it sees the real $status),
    # then the segment, one space between. A right prompt of the user's that names
    # SHELLHOOKS_SEGMENT is left alone; a fish_prompt that names it (read when the segment
    # changes, not on every prompt: it costs) means ours is left out.
    if test "$SHELLHOOKS_PROMPT" != 0; and not set -q __shellhooks_noprompt
        function __shellhooks_rp_wrap
            set -l rp ''
            functions -q fish_right_prompt; and set rp (functions --no-details fish_right_prompt | string collect)
            if not string match -q '*__shellhooks_rp_seg*' -- "$rp" # not ours (loaded twice)
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
        # variable (only when the segment changed: it costs), then print it if it is on.
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

    function __shellhooks_prompt_slow
        if test -n "$__shellhooks_broken"
            return
        end
        if test "$SHELLHOOKS_DISABLE" = 1
            if test -n "$__SHELLHOOKS_ID" -o -n "$__shellhooks_pwd"
                __shellhooks_leave
                set -g SHELLHOOKS_SEGMENT ''
                set -e SHELLHOOKS_SEGMENT_PLAIN
                set -g __shellhooks_pwd ''
            end
            return
        end
        __shellhooks_update
    end

    # Stop managing the variable: restore what was there before shellhooks set it.
    function __shellhooks_leave
        if set -q __SHELLHOOKS_ID; and test -n "$__SHELLHOOKS_ID" -a "$CLAUDE_CODE_TASK_LIST_ID" = "$__SHELLHOOKS_ID"
            set -e CLAUDE_CODE_TASK_LIST_ID
        end
        set -e __SHELLHOOKS_ID
        __shellhooks_todo_off
    end

    function __shellhooks_todo_off
        if test "$__SHELLHOOKS_TODO" = 1
            test "$CLAUDE_CODE_ENABLE_TODO_TOOLS" = 1; and set -e CLAUDE_CODE_ENABLE_TODO_TOOLS
            set -e __SHELLHOOKS_TODO
        end
    end

    # Ask Python (one process), cache the answer under the key it chose, and apply it.
    function __shellhooks_run
        set -q __shellhooks_py; or __shellhooks_find_py
        set -l out
        if test "$__shellhooks_py" != - -a ! -x "$__shellhooks_py"
            __shellhooks_off python
            return 1
        else if test "$__shellhooks_py" != - -a -d "$__shellhooks_lib/shellhooks"
            set out ($__shellhooks_py -I -S -c 'import sys;sys.path.insert(0,sys.argv.pop(1));from shellhooks.hookenv import run;run(sys.argv[1:])' \
                $__shellhooks_lib fish - "$__shellhooks_key" $PWD "$__shellhooks_warned" "$__shellhooks_ctx" 2>/dev/null)
        else if __shellhooks_on_path
            set out ($__shellhooks_exe hook-env fish - "$__shellhooks_key" $PWD "$__shellhooks_warned" "$__shellhooks_ctx" 2>/dev/null)
        else
            __shellhooks_off path
            return 1
        end
        if not __shellhooks_load warn $out # (its lines)
            __shellhooks_off failed
            return 1
        end
        __shellhooks_keep $__shellhooks_e_key
        # (An answer for the project replaces one kept for this folder: its key is dropped.)
        if string match -q 'k:*' -- $__shellhooks_e_key
            set -l i (contains -i -- "d:$PWD" $__shellhooks_ckeys)
            and set __shellhooks_ckeys[$i] ''
        end
        __shellhooks_apply
    end

    # The hook turns itself off: it gives back what it exported, clears the segment, and
    # says why in one line ($argv[1]: path, python or failed).
    function __shellhooks_off
        set -l why
        set -l py -
        set -q __shellhooks_py; and set py $__shellhooks_py
        switch $argv[1]
            case path
                set why "'shellhooks' is not found on PATH"
                for d in $HOME/.local/bin (string replace -r '/lib/python[^/]*/.*$' '' -- "$__shellhooks_lib")/bin
                    if string match -q '/*' -- $d; and test -x $d/shellhooks
                        set why "$why (add $d to PATH)"
                        break
                    end
                end
            case python
                set why "its Python ($py) is missing; re-run install.sh"
            case '*'
                set -l doctor shellhooks
                if string match -q '/*' -- $py; and test -x (path dirname -- $py)/shellhooks
                    set doctor (path dirname -- $py)/shellhooks
                else if __shellhooks_on_path
                    set doctor $__shellhooks_exe
                end
                set why "'shellhooks hook-env' failed (run '$doctor doctor')"
        end
        set -g __shellhooks_broken 1
        __shellhooks_leave
        set -g SHELLHOOKS_SEGMENT ''
        set -e SHELLHOOKS_SEGMENT_PLAIN
        set -g __shellhooks_e_stamp ''
        set -g __shellhooks_e_from ''
        set -g __shellhooks_e_sec ''
        printf '%s\n' "shellhooks: $why; the hook is off in this shell" >&2
    end

    # The first `shellhooks` in an absolute PATH entry, into __shellhooks_exe: a relative
    # entry (`.`, an empty one, `bin`) is the project's, and this runs in the project. (As
    # __shellhooks_on_path in hook.common.sh; `command -s` would stop at a relative one.)
    function __shellhooks_on_path
        set -g __shellhooks_exe ''
        for dir in $PATH
            if string match -q '/*' -- $dir; and test -f $dir/shellhooks -a -x $dir/shellhooks
                set -g __shellhooks_exe $dir/shellhooks
                return 0
            end
        end
        return 1
    end

    # The interpreter of the `shellhooks` executable, read from its #! line (no process).
    function __shellhooks_find_py
        set -g __shellhooks_py -
        if __shellhooks_on_path; and test -r $__shellhooks_exe
            read -l line <$__shellhooks_exe
            set line (string replace -r '^#!' '' -- $line)
            if string match -qr '^/\S*/python[^/\s]*$' -- $line; and test -x $line
                set -g __shellhooks_py $line
            end
        end
    end

    if not set -q __shellhooks_lib
        set -g __shellhooks_lib (path dirname (path dirname (path dirname (path resolve (status filename)))))
    end
    set -gx __SHELLHOOKS_SHELL_PID $fish_pid # the shell that loaded it (`doctor` compares)
    # The answers this shell has kept (__shellhooks_keep, __shellhooks_take; kept when
    # loaded again, unless by a release that kept them otherwise).
    set -q __shellhooks_c_v; or set -g __shellhooks_ckeys
    set -g __shellhooks_c_v 1
    set -q __shellhooks_warned; or set -g __shellhooks_warned ''
    set -g __shellhooks_key ''
    set -g __shellhooks_pwd ''
    set -g __shellhooks_seen ''
    set -g __shellhooks_broken ''
    set -g __shellhooks_ctx ''
    set -g __shellhooks_store ''
    set -g __shellhooks_store_for ''
    # The current answer (__shellhooks_load reads it into these; see hookenv.py).
    for v in key ctx manual id todo seg plain stamp p a r from sec
        set -g __shellhooks_e_$v
    end
    set -g __shellhooks_e_nr 0
    set -g __shellhooks_e_per 0
    set -g __shellhooks_e_at 1

    # The `claude` launch wrapper (inlined after this file by `shellhooks init`).
    if not set -q __shellhooks_wrapper_inline; and test -r $__shellhooks_lib/shellhooks/shells/claude.fish
        source $__shellhooks_lib/shellhooks/shells/claude.fish
    end
end
