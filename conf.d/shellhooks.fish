# shellhooks for fisher (`fisher install OWNER/shellhooks`): the hook in interactive shells
# (`fish -c` reads conf.d too, and starts no Python here), with tide's `shellhooks` item
# (functions/_tide_item_shellhooks.fish) drawing the segment when tide is the prompt.
if status is-interactive; and command -q shellhooks
    functions -q _tide_print_item; and set -g SHELLHOOKS_PROMPT 0
    shellhooks init fish | source
end
