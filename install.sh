#!/bin/sh
# Install shellhooks into its own environment and wire it into bash, zsh and fish.
# `./install.sh --help` lists the options; `./install.sh --uninstall` undoes everything.
#
# What it does (docs/install.md has the details):
#   1. installs the package from this checkout (or --from DIR) with `uv tool install`,
#      else `pipx install`, else into a private venv at $XDG_DATA_HOME/shellhooks/venv
#      whose `shellhooks` command is linked into ~/.local/bin;
#   2. links $XDG_DATA_HOME/shellhooks/lib/shellhooks to the installed package (renewed
#      on every install), so rc files source a fixed path, .../shells/hook.<shell>, that
#      always belongs to the installed version, and a new shell starts no Python;
#   3. copies the completion files from completions/ to where each shell finds them, and
#      the manual page man/shellhooks.1 to ~/.local/share/man/man1 (`man` looks there
#      because ~/.local/bin is on PATH);
#   4. adds one marked block to ~/.bashrc and ${ZDOTDIR:-$HOME}/.zshrc and writes
#      ~/.config/fish/conf.d/shellhooks.fish (asking first on a terminal, default yes).
# --uninstall also takes shellhooks' statusLine and hooks out of Claude Code's settings.
set -eu

BEGIN_MARK='# >>> shellhooks >>>'
END_MARK='# <<< shellhooks <<<'
# Lines inside the block that record what the installer did to the file beyond the block,
# so that --uninstall can restore it byte for byte without any other state.
FLAG_CREATED='# shellhooks-install: created this file'
FLAG_NEWLINE='# shellhooks-install: added the newline that ends the line above this block'

usage() {
    cat <<'EOF'
Usage: ./install.sh [options]

Install shellhooks and load its hooks and completions in new bash, zsh and fish shells.

Options:
  -y, --yes            edit rc files without asking
      --no-modify-rc   do not edit rc files; print the lines to add instead
  -n, --dry-run        print every change and make none
      --shell SHELL    bash, zsh, fish or all (repeatable; default: each one installed)
      --from DIR       install from DIR: a source tree, or a folder holding a shellhooks
                       wheel (and, optionally, wheels of its dependencies)
      --method METHOD  uv, pipx or venv (default: uv if found, else pipx, else venv;
                       a re-run keeps the method of the previous install)
      --python PYTHON  the Python (>= 3.11) for the venv method (default: python3)
      --uninstall      remove everything the installer added, and shellhooks' statusLine
                       and hooks from Claude Code's settings (restoring your statusLine)
      --keep-claude-settings
                       with --uninstall: leave Claude Code's settings as they are
      --claude-hooks   set up the Claude Code hooks that keep a complete task history
                       (`shellhooks setup claude-hooks`; asked on a terminal)
      --no-claude-hooks
                       do not set them up, and do not ask
  -h, --help           show this help
EOF
}

say() { printf '%s\n' "$*"; }
warn() { printf 'install.sh: %s\n' "$*" >&2; }
die() {
    warn "$*"
    exit 1
}

# ---- options ----------------------------------------------------------------------------

yes=0 modify_rc=1 dry_run=0 uninstall=0 keep_claude=0 claude_hooks='' from='' method='' python='' shells=''
while [ $# -gt 0 ]; do
    case $1 in
    -y | --yes) yes=1 ;;
    --no-modify-rc) modify_rc=0 ;;
    -n | --dry-run) dry_run=1 ;;
    --uninstall) uninstall=1 ;;
    --keep-claude-settings) keep_claude=1 ;;
    --claude-hooks) claude_hooks=1 ;;
    --no-claude-hooks) claude_hooks=0 ;;
    --shell | --from | --method | --python)
        [ $# -ge 2 ] || die "$1 needs a value (see --help)"
        opt=$1
        shift
        case $opt in
        --shell) shells="$shells,$1" ;;
        --from) from=$1 ;;
        --method) method=$1 ;;
        --python) python=$1 ;;
        esac
        ;;
    --shell=* | --from=* | --method=* | --python=*)
        value=${1#*=}
        case $1 in
        --shell=*) shells="$shells,$value" ;;
        --from=*) from=$value ;;
        --method=*) method=$value ;;
        --python=*) python=$value ;;
        esac
        ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        warn "unknown option: $1"
        usage >&2
        exit 2
        ;;
    esac
    shift
done

case $method in
'' | uv | pipx | venv) ;;
*) die "--method must be uv, pipx or venv, not '$method'" ;;
esac

[ -n "${HOME:-}" ] || die "HOME is not set"
# Python runs from / (see in_root): a relative --python path is taken from here, now.
case $python in
/*) ;;
*/*) python=$PWD/$python ;;
esac

# XDG base directories: relative values are invalid and ignored (as in shellhooks/paths.py).
case ${XDG_DATA_HOME:-} in
/*) data_home=$XDG_DATA_HOME ;;
*) data_home=$HOME/.local/share ;;
esac
case ${XDG_CONFIG_HOME:-} in
/*) config_home=$XDG_CONFIG_HOME ;;
*) config_home=$HOME/.config ;;
esac
case ${XDG_CACHE_HOME:-} in
/*) cache_home=$XDG_CACHE_HOME ;;
*) cache_home=$HOME/.cache ;;
esac

data_dir=$data_home/shellhooks
venv=$data_dir/venv
pkg_link=$data_dir/lib/shellhooks
method_file=$data_dir/install-method
local_bin=$HOME/.local/bin
zsh_comp_dir=$data_dir/zsh-completions
bash_comp_file=$data_home/bash-completion/completions/shellhooks
zsh_comp_file=$zsh_comp_dir/_shellhooks
fish_comp_file=$config_home/fish/completions/shellhooks.fish
fish_conf_file=$config_home/fish/conf.d/shellhooks.fish
# man-db and mandoc search <dir>/../share/man for each <dir>/bin on PATH: beside the command.
man_dir=${local_bin%/bin}/share/man/man1
man_file=$man_dir/shellhooks.1
bash_rc=$HOME/.bashrc
zsh_rc=${ZDOTDIR:-$HOME}/.zshrc

script_dir=$(cd "$(dirname "$0")" && pwd -P)

# Which shells: --shell, else every one of bash, zsh and fish installed here.
selected=''
for s in $(printf '%s' "$shells" | tr ',' ' '); do
    case $s in
    bash | zsh | fish) selected="$selected $s" ;;
    all) selected="$selected bash zsh fish" ;;
    *) die "--shell must be bash, zsh, fish or all, not '$s'" ;;
    esac
done
if [ -z "$selected" ]; then
    for s in bash zsh fish; do
        if command -v "$s" >/dev/null 2>&1; then
            selected="$selected $s"
        fi
    done
    # --uninstall cleans up every shell, even one removed since the install.
    [ "$uninstall" -eq 0 ] || selected=' bash zsh fish'
fi
# Drop duplicates, keep the order.
shell_list=''
for s in $selected; do
    case " $shell_list " in
    *" $s "*) ;;
    *) shell_list="$shell_list $s" ;;
    esac
done

# ---- small helpers ------------------------------------------------------------------------

touched=''
rc_done=''  # the shells whose rc file has the current block
note_touched() {
    # note_touched FILE WHAT [DETAIL]: print and remember one file this run changed.
    say "  $2 $(tilde "$1")${3:+ $3}"
    touched="$touched
  $(tilde "$1")"
}

tilde() {
    # The path with $HOME shown as ~, for messages.
    # shellcheck disable=SC2088 # a literal ~ for the reader
    case $1 in
    "$HOME"/*) printf '~/%s' "${1#"$HOME"/}" ;;
    *) printf '%s' "$1" ;;
    esac
}

in_root() {
    # in_root CMD...: run a command from /, never from the folder the installer was started
    # in: `python -m` and `-c` put the current folder first on sys.path (-I, used as well,
    # keeps it off), and the programs they start (venv's ensurepip, pip's builds) inherit it.
    (cd / && "$@")
}

run() {
    # run CMD...: run a command (from /, see in_root), or print it under --dry-run.
    if [ "$dry_run" -eq 1 ]; then
        say "  would run: $*"
    else
        in_root "$@"
    fi
}

sq() {
    # A single-quoted word for sh, bash and zsh.
    printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}

fishq() {
    # A single-quoted word for fish (backslash and quote escaped).
    printf "'%s'" "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e "s/'/\\\\'/g")"
}

shell_path() {
    # shell_path SHELL PATH: PATH as a word of SHELL, written relative to $HOME when it is
    # under it, so a block keeps working when a home folder is synced between machines.
    case $2 in
    "$HOME"/*)
        rest=${2#"$HOME"/}
        # shellcheck disable=SC2016 # "$HOME" is meant literally: the rc file expands it
        if [ "$1" = fish ]; then
            printf '"$HOME"/%s' "$(fishq "$rest")"
        else
            printf '"$HOME"/%s' "$(sq "$rest")"
        fi
        ;;
    *)
        if [ "$1" = fish ]; then fishq "$2"; else sq "$2"; fi
        ;;
    esac
}

resolve_link() {
    # The file a path finally names, following symlinks (a symlinked rc file is edited
    # where it really lives, and the link stays a link).
    p=$1 n=0
    while [ -L "$p" ] && [ "$n" -lt 40 ]; do
        t=$(readlink "$p")
        case $t in
        /*) p=$t ;;
        *) p=$(dirname "$p")/$t ;;
        esac
        n=$((n + 1))
    done
    printf '%s' "$p"
}

is_read_only() {
    # True when FILE exists and must not be written: no write permission for us, or (for
    # root, whom access(2) lets write anything) no owner write bit.
    [ -e "$1" ] || return 1
    [ -w "$1" ] || return 0
    [ -z "$(find "$1" -prune -perm -u+w 2>/dev/null)" ]
}

ends_with_newline() {
    # True for an empty file or one whose last byte is a newline.
    [ ! -s "$1" ] || [ -z "$(tail -c 1 "$1")" ]
}

# ---- the rc blocks ------------------------------------------------------------------------

block_body() {
    # block_body SHELL: the lines between the markers.
    hook=$(shell_path "$1" "$pkg_link/shells/hook.$1")
    # The hook runs this Python (the installed environment's), so it works without the
    # `shellhooks` command on PATH.
    hook_py=$(shell_path "$1" "$(env_python)")
    case $1 in
    bash)
        comp=$(shell_path bash "$bash_comp_file")
        cat <<EOF
# Added by shellhooks' install.sh; \`install.sh --uninstall\` removes it.
if [ -r $hook ]; then
    if [ -x $hook_py ]; then __shellhooks_py=$hook_py; fi
    . $hook
fi
# Completions: bash-completion, when loaded, finds them by itself; else they are loaded
# at the first TAB (124: bash then retries with the completion the file defines).
if [ -r $comp ] && ! { declare -F _comp_load || declare -F _completion_loader; } >/dev/null 2>&1; then
    __shellhooks_complete_load() { . $comp && return 124; }
    complete -F __shellhooks_complete_load shellhooks
fi
EOF
        ;;
    zsh)
        comp=$(shell_path zsh "$zsh_comp_dir")
        cat <<EOF
# Added by shellhooks' install.sh; \`install.sh --uninstall\` removes it.
if [ -d $comp ]; then
    fpath=($comp \$fpath)
    # compinit already ran (this block comes after it): register the completion now.
    if (( \${+functions[compdef]} )); then
        autoload -Uz _shellhooks && compdef _shellhooks shellhooks
    fi
fi
if [ -r $hook ]; then
    if [ -x $hook_py ]; then __shellhooks_py=$hook_py; fi
    source $hook
fi
EOF
        ;;
    fish)
        cat <<EOF
# Added by shellhooks' install.sh; \`install.sh --uninstall\` removes this file.
if test -r $hook
    if test -x $hook_py
        set -g __shellhooks_py $hook_py
    end
    source $hook
end
EOF
        ;;
    esac
}

rc_file() {
    case $1 in
    bash) printf '%s' "$bash_rc" ;;
    zsh) printf '%s' "$zsh_rc" ;;
    fish) printf '%s' "$fish_conf_file" ;;
    esac
}

tmp_dir=''
cleanup() {
    if [ -n "$tmp_dir" ]; then rm -rf "$tmp_dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
tmp_dir=$(mktemp -d "${TMPDIR:-/tmp}/shellhooks-install.XXXXXX")

edit_file() {
    # edit_file FILE MODE: MODE=replace puts $tmp_dir/block in place of the marked block (or
    # appends it); MODE=remove deletes the block. Writes $tmp_dir/new and returns 0, or
    # returns 3 when the file has a begin marker without an end marker.
    f=$1 mode=$2 eofnl=1 flag_nl=0
    : >"$tmp_dir/new"
    if [ -e "$f" ]; then
        ends_with_newline "$f" || eofnl=0
        if grep -qxF "$FLAG_NEWLINE" "$f"; then flag_nl=1; fi
        if grep -qxF "$BEGIN_MARK" "$f"; then
            awk -v B="$BEGIN_MARK" -v E="$END_MARK" -v mode="$mode" -v blockfile="$tmp_dir/block" \
                -v eofnl="$eofnl" -v flagnl="$flag_nl" '
                BEGIN { n = 0; inblk = 0; done = 0; tailblk = 0 }
                $0 == B && !inblk {
                    inblk = 1
                    if (mode == "replace" && !done) {
                        while ((getline l < blockfile) > 0) out[++n] = l
                        done = 1
                    }
                    next
                }
                inblk { if ($0 == E) { inblk = 0; tailblk = 1 }; next }
                { out[++n] = $0; tailblk = 0 }
                END {
                    if (inblk) exit 3
                    # Does the last line end with a newline? The block always does; with the
                    # block removed from the end, the line before gets back what it had.
                    lastnl = eofnl
                    if (tailblk) lastnl = (mode == "replace") ? 1 : !flagnl
                    for (i = 1; i <= n; i++)
                        if (i < n || lastnl) printf "%s\n", out[i]; else printf "%s", out[i]
                }' "$f" >"$tmp_dir/new" || return 3
            return 0
        fi
        cat "$f" >"$tmp_dir/new"
    fi
    if [ "$mode" = replace ]; then
        # Append: record what else we change, so that --uninstall can undo it exactly.
        {
            if [ -e "$f" ] && [ "$eofnl" -eq 0 ]; then printf '\n'; fi
            printf '%s\n' "$BEGIN_MARK"
            if [ ! -e "$f" ]; then printf '%s\n' "$FLAG_CREATED"; fi
            if [ -e "$f" ] && [ "$eofnl" -eq 0 ]; then printf '%s\n' "$FLAG_NEWLINE"; fi
            sed 1d "$tmp_dir/block"
        } >>"$tmp_dir/new"
    fi
    return 0
}

write_block_file() {
    # write_block_file SHELL FILE: $tmp_dir/block = markers + body, keeping the record
    # lines of an existing block.
    {
        printf '%s\n' "$BEGIN_MARK"
        if [ -e "$2" ]; then
            grep -xF -e "$FLAG_CREATED" -e "$FLAG_NEWLINE" "$2" || :
        fi
        block_body "$1"
        printf '%s\n' "$END_MARK"
    } >"$tmp_dir/block"
}

commit_file() {
    # commit_file TARGET: replace TARGET by $tmp_dir/new through a temp file and a rename,
    # keeping TARGET's permissions and a backup TARGET.shellhooks.bak (unless $2 = nobak).
    target=$1
    dir=$(dirname "$target")
    tmp=$dir/.$(basename "$target").shellhooks-tmp.$$
    if [ -e "$target" ]; then
        cp -p "$target" "$tmp"
        if [ "${2:-}" != nobak ]; then
            cp -p "$target" "$target.shellhooks.bak"
        fi
    fi
    cat "$tmp_dir/new" >"$tmp"
    mv -f "$tmp" "$target"
}

rc_problem() {
    # Why FILE (already resolved) cannot be edited, or nothing.
    if is_read_only "$1"; then
        printf '%s is read-only' "$(tilde "$1")"
    elif [ -e "$(dirname "$1")" ] && [ ! -w "$(dirname "$1")" ]; then
        printf 'its folder %s is not writable' "$(tilde "$(dirname "$1")")"
    fi
}

print_lines() {
    # print_lines SHELL: what to add by hand.
    f=$(rc_file "$1")
    if [ "$1" = fish ]; then
        say "Create $(tilde "$f") with these lines:"
    else
        say "Add these lines to $(tilde "$f"):"
    fi
    printf '%s\n' "$BEGIN_MARK"
    block_body "$1"
    printf '%s\n\n' "$END_MARK"
}

install_rc() {
    # install_rc SHELL: add or refresh the block (fish: the conf.d file).
    link=$(rc_file "$1")
    f=$(resolve_link "$link")
    problem=$(rc_problem "$f")
    if [ -n "$problem" ]; then
        warn "not editing $(tilde "$link"): $problem. Add the lines below by hand:"
        print_lines "$1" >&2
        return 0
    fi
    write_block_file "$1" "$f"
    if ! edit_file "$f" replace; then
        warn "$(tilde "$link") has '$BEGIN_MARK' without '$END_MARK'; fix it by hand"
        return 0
    fi
    if [ -e "$f" ] && cmp -s "$tmp_dir/new" "$f"; then
        say "  unchanged $(tilde "$link")"
        rc_done="$rc_done $1"
        return 0
    fi
    if [ "$dry_run" -eq 1 ]; then
        say "  would write $(tilde "$link"):"
        if [ -e "$f" ]; then
            diff "$f" "$tmp_dir/new" | sed 's/^/      /' || :
        else
            sed 's/^/      /' "$tmp_dir/new"
        fi
        return 0
    fi
    what=updated
    if [ ! -e "$f" ]; then what=created; fi
    mkdir -p "$(dirname "$f")"
    commit_file "$f"
    rc_done="$rc_done $1"
    if [ "$f" != "$link" ]; then
        note_touched "$f" "$what" "(through the link $(tilde "$link"))"
    else
        note_touched "$f" "$what"
    fi
    if [ "$what" = updated ] && [ -e "$f.shellhooks.bak" ]; then
        note_touched "$f.shellhooks.bak" "backup"
    fi
}

uninstall_rc() {
    # uninstall_rc SHELL: remove the block (fish: the conf.d file) and our backup.
    link=$(rc_file "$1")
    f=$(resolve_link "$link")
    [ -e "$f" ] || return 0
    grep -qxF "$BEGIN_MARK" "$f" || return 0
    problem=$(rc_problem "$f")
    if [ -n "$problem" ]; then
        warn "not editing $(tilde "$link"): $problem; remove the lines from '$BEGIN_MARK' to '$END_MARK' by hand"
        return 0
    fi
    if ! edit_file "$f" remove; then
        warn "$(tilde "$link") has '$BEGIN_MARK' without '$END_MARK'; fix it by hand"
        return 0
    fi
    created=0
    if grep -qxF "$FLAG_CREATED" "$f"; then created=1; fi
    if [ "$dry_run" -eq 1 ]; then
        say "  would remove the shellhooks block from $(tilde "$link")"
        return 0
    fi
    if [ "$created" -eq 1 ] && [ ! -s "$tmp_dir/new" ]; then
        rm -f "$f"
        note_touched "$f" removed
    else
        commit_file "$f" nobak
        note_touched "$f" "removed the block from"
    fi
    if [ -e "$f.shellhooks.bak" ]; then
        rm -f "$f.shellhooks.bak"
        note_touched "$f.shellhooks.bak" removed
    fi
}

# ---- the environment ----------------------------------------------------------------------

find_python() {
    for p in ${python:-python3 python3.13 python3.12 python3.11}; do
        if command -v "$p" >/dev/null 2>&1 &&
            in_root "$p" -I -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$p"
            return 0
        fi
    done
    return 1
}

# What to install: a source tree, or the newest shellhooks wheel in a folder.
source_dir=${from:-$script_dir}
if [ "$uninstall" -eq 0 ]; then
    [ -d "$source_dir" ] || die "--from: $source_dir is not a folder"
    source_dir=$(cd "$source_dir" && pwd -P)
fi
find_links=''
spec=$source_dir
if [ "$uninstall" -eq 0 ] && [ ! -f "$source_dir/pyproject.toml" ]; then
    wheel=''
    for w in "$source_dir"/shellhooks-*.whl; do
        if [ -f "$w" ]; then wheel=$w; fi
    done
    [ -n "$wheel" ] || die "$source_dir has neither a pyproject.toml nor a shellhooks-*.whl"
    spec=$wheel
    find_links=$source_dir
fi

choose_method() {
    if [ -n "$method" ]; then return 0; fi
    if [ -f "$method_file" ]; then
        read -r method <"$method_file" || :
        case $method in uv | pipx | venv) return 0 ;; esac
    fi
    if command -v uv >/dev/null 2>&1; then
        method=uv
    elif command -v pipx >/dev/null 2>&1; then
        method=pipx
    else
        method=venv
    fi
}

env_python() {
    # The Python of the installed environment (printed), per method.
    case $method in
    venv) printf '%s' "$venv/bin/python" ;;
    uv) printf '%s/shellhooks/bin/python' "$(in_root uv tool dir)" ;;
    pipx)
        venvs=$(in_root pipx environment --value PIPX_LOCAL_VENVS 2>/dev/null) ||
            venvs=${PIPX_HOME:-$HOME/.local/pipx}/venvs
        printf '%s/shellhooks/bin/python' "$venvs"
        ;;
    esac
}

bin_dir() {
    # Where the `shellhooks` command is, as a plain path (uv may print ".../share/../bin").
    case $method in
    uv) d=$(in_root uv tool dir --bin 2>/dev/null) || d=$local_bin ;;
    pipx) d=$(in_root pipx environment --value PIPX_BIN_DIR 2>/dev/null) || d=$local_bin ;;
    *) d=$local_bin ;;
    esac
    if [ -d "$d" ]; then d=$(cd "$d" && pwd); fi
    printf '%s' "$d"
}

install_env() {
    case $method in
    uv)
        command -v uv >/dev/null 2>&1 || die "--method uv: uv is not installed"
        say "Installing shellhooks with uv tool install ($(tilde "$spec"))"
        if [ -n "$find_links" ]; then
            run uv tool install --quiet --force --reinstall-package shellhooks \
                --find-links "$find_links" "$spec"
        else
            run uv tool install --quiet --force --reinstall-package shellhooks "$spec"
        fi
        ;;
    pipx)
        command -v pipx >/dev/null 2>&1 || die "--method pipx: pipx is not installed"
        say "Installing shellhooks with pipx install ($(tilde "$spec"))"
        if [ -n "$find_links" ]; then
            run pipx install --force --pip-args="--find-links=$find_links" "$spec"
        else
            run pipx install --force "$spec"
        fi
        ;;
    venv)
        py=$(find_python) || die "no Python >= 3.11 found (install one, or uv or pipx, or pass --python)"
        say "Installing shellhooks into $(tilde "$venv") ($(tilde "$spec"))"
        # A venv whose Python went away (system upgrade) is made anew.
        if [ -e "$venv" ] && ! in_root "$venv/bin/python" -I -c '' >/dev/null 2>&1; then
            run rm -rf "$venv"
        fi
        if [ ! -e "$venv/bin/python" ]; then
            run "$py" -I -m venv "$venv" ||
                die "could not create $venv (on Debian/Ubuntu: apt install python3-venv; or install uv or pipx)"
        fi
        # PIP_USER (or `user = true` in pip.conf) would make pip refuse to install into a venv.
        export PIP_USER=0
        if [ "$dry_run" -eq 0 ] && in_root "$venv/bin/python" -I -m pip show -q shellhooks >/dev/null 2>&1; then
            # Same version number as installed: pip would skip it, so make room first.
            in_root "$venv/bin/python" -I -m pip uninstall --quiet --yes shellhooks
        fi
        if [ -n "$find_links" ]; then
            run "$venv/bin/python" -I -m pip install --quiet --disable-pip-version-check \
                --find-links "$find_links" "$spec"
        else
            run "$venv/bin/python" -I -m pip install --quiet --disable-pip-version-check "$spec"
        fi
        link_command
        ;;
    esac
    if [ "$dry_run" -eq 0 ]; then
        py=$(env_python)
        note_touched "$(dirname "$(dirname "$py")")" "installed shellhooks into"
        mkdir -p "$data_dir"
        printf '%s\n' "$method" >"$method_file"
    fi
}

link_command() {
    target=$local_bin/shellhooks
    if [ -e "$target" ] && [ ! -L "$target" ]; then
        warn "$(tilde "$target") exists and is not a link; left alone (the command is $(tilde "$venv/bin/shellhooks"))"
        return 0
    fi
    if [ "$dry_run" -eq 1 ]; then
        say "  would link $(tilde "$target") -> $(tilde "$venv/bin/shellhooks")"
        return 0
    fi
    mkdir -p "$local_bin"
    rm -f "$target"
    ln -s "$venv/bin/shellhooks" "$target"
    note_touched "$target" linked "-> $(tilde "$venv/bin/shellhooks")"
}

link_package() {
    # $data_dir/lib/shellhooks -> the installed package. The hook files find the package
    # (and the `claude` wrapper) relative to their own path, so the link keeps the layout
    # <folder>/shellhooks/shells/hook.<shell>.
    if [ "$dry_run" -eq 1 ]; then
        say "  would link $(tilde "$pkg_link") -> the installed package"
        return 0
    fi
    py=$(env_python)
    # -I: not the checkout in the current folder, nor PYTHONPATH: the installed package.
    pkg=$(in_root "$py" -I -c 'import os, shellhooks; print(os.path.dirname(os.path.abspath(shellhooks.__file__)))') ||
        die "the installed shellhooks cannot be imported by $py"
    [ -d "$pkg/shells" ] || die "$pkg/shells is missing from the installed package"
    if [ -e "$pkg_link" ] && [ ! -L "$pkg_link" ]; then
        die "$pkg_link exists and is not a link; move it away and run again"
    fi
    mkdir -p "$(dirname "$pkg_link")"
    rm -f "$pkg_link"
    ln -s "$pkg" "$pkg_link"
    note_touched "$pkg_link" linked "-> $(tilde "$pkg")"
}

uninstall_env() {
    choose_method
    case $method in
    uv | pipx)
        if command -v "$method" >/dev/null 2>&1 && [ -e "$(env_python)" ]; then
            say "Removing shellhooks from $method"
            if [ "$method" = uv ]; then
                run uv tool uninstall shellhooks
            else
                run pipx uninstall shellhooks
            fi
        fi
        ;;
    esac
    target=$local_bin/shellhooks
    if [ -L "$target" ] && [ "$(readlink "$target")" = "$venv/bin/shellhooks" ]; then
        if [ "$dry_run" -eq 1 ]; then say "  would remove $(tilde "$target")"; else
            rm -f "$target"
            note_touched "$target" removed
        fi
    fi
    for p in "$venv" "$pkg_link" "$method_file"; do
        if [ -e "$p" ] || [ -L "$p" ]; then
            if [ "$dry_run" -eq 1 ]; then say "  would remove $(tilde "$p")"; else
                rm -rf "$p"
                note_touched "$p" removed
            fi
        fi
    done
}

uninstall_claude_settings() {
    # Take shellhooks' statusLine (restoring the user's own) and hooks out of Claude Code's
    # settings, so that it never runs the removed command (one edit, one backup). Run by
    # the installed package; without it, say what to do by hand.
    choose_method
    py=$(env_python)
    if ! in_root "$py" -I -c 'import shellhooks.commands.setup' >/dev/null 2>&1; then
        settings=${CLAUDE_CONFIG_DIR:-$HOME/.claude}/settings.json
        if [ -f "$settings" ] && grep -q 'shellhooks' "$settings" 2>/dev/null; then
            warn "cannot check $(tilde "$settings"): the installed shellhooks is gone; remove its statusLine and the hooks that run 'shellhooks' from that file by hand"
        fi
        return 0
    fi
    # It prints each change before making it, and the backup it made.
    if [ "$dry_run" -eq 1 ]; then
        in_root "$py" -I -m shellhooks.commands.setup --uninstall --dry-run || :
    elif ! in_root "$py" -I -m shellhooks.commands.setup --uninstall; then
        warn "Claude Code's settings were left as they are (see above); the rest is removed"
    fi
}

# ---- completions --------------------------------------------------------------------------

comp_source() {
    # The completion file for SHELL shipped with the source (the --from folder, else this
    # checkout): completions/shellhooks.bash, _shellhooks (zsh), shellhooks.fish.
    case $1 in
    bash) name=shellhooks.bash ;;
    zsh) name=_shellhooks ;;
    fish) name=shellhooks.fish ;;
    esac
    for d in "$source_dir/completions" "$script_dir/completions"; do
        if [ -f "$d/$name" ]; then
            printf '%s' "$d/$name"
            return 0
        fi
    done
    return 1
}

comp_target() {
    case $1 in
    bash) printf '%s' "$bash_comp_file" ;;
    zsh) printf '%s' "$zsh_comp_file" ;;
    fish) printf '%s' "$fish_comp_file" ;;
    esac
}

install_file() {
    # Copy SRC to DST (its folder made as needed), atomically; nothing when they are equal.
    src=$1 dst=$2
    if [ -f "$dst" ] && cmp -s "$src" "$dst"; then
        say "  unchanged $(tilde "$dst")"
        return 0
    fi
    if [ "$dry_run" -eq 1 ]; then
        say "  would copy $(tilde "$src") to $(tilde "$dst")"
        return 0
    fi
    what=updated
    if [ ! -e "$dst" ]; then what=created; fi
    mkdir -p "$(dirname "$dst")"
    cp "$src" "$dst.shellhooks-tmp.$$"
    mv -f "$dst.shellhooks-tmp.$$" "$dst"
    note_touched "$dst" "$what"
}

uninstall_file() {
    [ -e "$1" ] || return 0
    if [ "$dry_run" -eq 1 ]; then
        say "  would remove $(tilde "$1")"
        return 0
    fi
    rm -f "$1"
    note_touched "$1" removed
}

install_completion() {
    src=$(comp_source "$1") || {
        warn "no completion file for $1 in $(tilde "$source_dir")/completions; skipped"
        return 0
    }
    install_file "$src" "$(comp_target "$1")"
}

uninstall_completion() {
    uninstall_file "$(comp_target "$1")"
    if [ "$1" = zsh ] && [ "$dry_run" -eq 0 ]; then rmdir "$zsh_comp_dir" 2>/dev/null || :; fi
}

install_manpage() {
    for d in "$source_dir/man" "$script_dir/man"; do
        if [ -f "$d/shellhooks.1" ]; then
            install_file "$d/shellhooks.1" "$man_file"
            return 0
        fi
    done
    warn "no man/shellhooks.1 in $(tilde "$source_dir"); manual page skipped"
}

# ---- main -----------------------------------------------------------------------------------

if [ "$dry_run" -eq 1 ]; then say "Dry run: nothing will be changed."; fi

if [ "$uninstall" -eq 1 ]; then
    # Claude Code's settings first, while the installed package is there to do it.
    if [ "$keep_claude" -eq 0 ]; then
        uninstall_claude_settings
    else
        say "Claude Code's settings are left as they are (--keep-claude-settings)."
    fi
    say "Removing shellhooks from:$shell_list"
    for s in $shell_list; do
        uninstall_rc "$s"
        uninstall_completion "$s"
    done
    uninstall_file "$man_file"
    uninstall_env
    # Folders the installer made, when nothing else is left in them.
    for d in "$data_dir/lib" "$data_dir" "$config_home/fish/conf.d" "$config_home/fish/completions" \
        "$data_home/bash-completion/completions" "$data_home/bash-completion" "$man_dir" \
        "${man_dir%/man1}"; do
        if [ "$dry_run" -eq 0 ]; then rmdir "$d" 2>/dev/null || :; fi
    done
    if [ -z "$touched" ] && [ "$dry_run" -eq 0 ]; then
        say "Nothing to remove."
    fi
    # What stays, and the one command that removes it too.
    kept='' rm_words=''
    for entry in "$config_home/shellhooks|your config" \
        "$data_dir|your trust decisions and task history" \
        "$cache_home/shellhooks|the cache, safe to delete"; do
        p=${entry%%|*}
        if [ -e "$p" ] || [ -L "$p" ]; then
            kept="$kept
  $(tilde "$p") (${entry#*|})"
            rm_words="$rm_words $(shell_path sh "$p")"
        fi
    done
    if [ -n "$kept" ]; then
        say "Kept:$kept"
        say "To remove these too: rm -rf$rm_words"
    fi
    exit 0
fi

choose_method
if [ "$dry_run" -eq 0 ]; then
    # shellhooks keeps its state here and uses the folder only if no one else can write
    # to it (a `mkdir -p` under umask 002 would make it group-writable).
    if ! { mkdir -p "$data_dir" && chmod 700 "$data_dir"; }; then
        die "cannot make $(tilde "$data_dir") a private folder"
    fi
fi
install_env
link_package

say "Completions for:$shell_list"
for s in $shell_list; do
    install_completion "$s"
done
install_manpage

# The rc files: wiring the shells is the point, so on a terminal the answer defaults to
# yes; without a terminal (and without --yes) they are left alone and the lines printed.
edit_rc=$modify_rc
if [ "$modify_rc" -eq 1 ] && [ "$yes" -eq 0 ] && [ "$dry_run" -eq 0 ]; then
    if [ -t 0 ]; then
        names=''
        for s in $shell_list; do names="$names $(tilde "$(rc_file "$s")")"; done
        printf 'Add the shellhooks block to%s? [Y/n] ' "$names"
        # End of input (Ctrl-D) is not a yes.
        read -r answer || answer=n
        case $answer in
        '' | y | Y | yes | Yes | YES) ;;
        *) edit_rc=0 ;;
        esac
    else
        say "Not on a terminal and no --yes: rc files are left alone."
        edit_rc=0
    fi
fi
if [ "$edit_rc" -eq 1 ]; then
    say "Shell start-up files:"
    for s in $shell_list; do
        install_rc "$s"
    done
else
    for s in $shell_list; do
        print_lines "$s"
    done
fi

# The Claude Code hooks: without them the task history is partial (a task completed while
# nothing looks is missed before Claude Code's wipe). They edit Claude Code's settings, so
# they are set up only when asked for: --claude-hooks, or yes at the question on a terminal.
claude_settings=${CLAUDE_CONFIG_DIR:-$HOME/.claude}/settings.json
if [ -z "$claude_hooks" ]; then
    if grep -q 'claude-hook TaskCompleted' "$claude_settings" 2>/dev/null; then
        claude_hooks=0 # already there (a re-run): nothing to ask
    elif [ -t 0 ] && [ "$dry_run" -eq 0 ]; then
        printf 'Set up the Claude Code hooks that keep a complete task history (in %s)? [Y/n] ' "$(tilde "$claude_settings")"
        read -r answer || answer=n
        case $answer in
        '' | y | Y | yes | Yes | YES) claude_hooks=1 ;;
        *) claude_hooks=0 ;;
        esac
    else
        claude_hooks=0
        say "Claude Code hooks not set up, so the task history is partial: run 'shellhooks setup claude-hooks' (or install.sh --claude-hooks)."
    fi
fi
if [ "$claude_hooks" -eq 1 ]; then
    if [ "$dry_run" -eq 1 ]; then
        say "  would run: shellhooks setup claude-hooks"
    elif ! in_root "$(bin_dir)/shellhooks" setup claude-hooks; then
        warn "the Claude Code hooks were not set up (see above); run 'shellhooks setup claude-hooks' later"
    fi
fi

path_advice() {
    # path_advice DIR: how to put DIR on PATH in the user's login shell ($SHELL).
    dir=$1 word=''
    case $dir in
    "$HOME"/*)
        rest=${dir#"$HOME"/}
        # shellcheck disable=SC2016 # "$HOME" is meant literally: the user's shell expands it
        case $rest in
        *[!A-Za-z0-9._/-]*) ;;
        *) word='"$HOME/'$rest'"' ;;
        esac
        ;;
    esac
    login_shell=${SHELL-}  # unset in cron, CI and `env -i`
    case ${login_shell##*/} in
    fish)
        say "$(tilde "$dir") is not on your PATH, so the shellhooks command is not found by name (the hook works anyway). Run this once in fish:"
        say "    fish_add_path ${word:-$(shell_path fish "$dir")}"
        ;;
    *)
        case ${login_shell##*/} in
        bash) profile=$bash_rc ;;
        zsh) profile=$zsh_rc ;;
        *) profile=$HOME/.profile ;;
        esac
        say "$(tilde "$dir") is not on your PATH, so the shellhooks command is not found by name (the hook works anyway). Add this line to $(tilde "$profile"):"
        if [ -n "$word" ]; then
            # shellcheck disable=SC2016 # $PATH is meant literally
            say "    export PATH=${word%\"}:\$PATH\""
        else
            # shellcheck disable=SC2016 # $PATH is meant literally
            say "    export PATH=$(shell_path sh "$dir"):\"\$PATH\""
        fi
        ;;
    esac
}

if [ "$dry_run" -eq 0 ]; then
    if [ -n "$touched" ]; then
        say "Files touched:$touched"
    fi
    bin=$(bin_dir)
    cmd=shellhooks
    case ":${PATH:-}:" in
    *":$bin:"* | *":$bin/:"*) ;;
    *)
        cmd=$(tilde "$bin")/shellhooks
        path_advice "$bin"
        ;;
    esac
    # The shells whose rc file has no block now: say so last, with what to do.
    left='' left_files=''
    for s in $shell_list; do
        case " $rc_done " in
        *" $s "*) ;;
        *)
            left="$left $s"
            left_files="$left_files $(tilde "$(rc_file "$s")")"
            ;;
        esac
    done
    me=$0
    case $me in */*) ;; *) me=./$me ;; esac
    if [ -z "$left" ]; then
        say "Done. Open a new terminal (or run '$cmd demo' to try it in a sandbox)."
    elif [ "$edit_rc" -eq 1 ]; then
        say "Not changed:$left_files, so new$left shells will not load shellhooks: add the lines shown above by hand."
    elif [ "$modify_rc" -eq 0 ]; then
        say "Not changed (--no-modify-rc):$left_files. Add the lines shown above, then open a new terminal."
    else
        say "Not changed:$left_files, so a new terminal will not load shellhooks: run '$(tilde "$me") --yes', or add the lines shown above yourself."
    fi
fi
