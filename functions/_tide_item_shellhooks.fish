# tide: a `shellhooks` item (add it with
# `set -U tide_right_prompt_items $tide_right_prompt_items shellhooks`). tide draws its
# items in a background `fish -c`, which gets the plain segment the hook exports: no
# shellhooks process per prompt.
function _tide_item_shellhooks
    set -q SHELLHOOKS_SEGMENT_PLAIN; or return
    set -q tide_shellhooks_color; or set -lx tide_shellhooks_color D7875F
    set -q tide_shellhooks_bg_color; or set -lx tide_shellhooks_bg_color normal
    _tide_print_item shellhooks $SHELLHOOKS_SEGMENT_PLAIN
end
