# spaceship: a `shellhooks` section. Source this file after the hook line and spaceship's,
# then add the section: `spaceship add shellhooks` (or name it in SPACESHIP_PROMPT_ORDER or
# SPACESHIP_RPROMPT_ORDER). It reads the variable the hook keeps (no process); `%` is
# doubled, as spaceship shows the text through prompt expansion.
typeset -g SHELLHOOKS_PROMPT=0  # spaceship draws it: the hook adds no copy of its own
function spaceship_shellhooks() {
  [[ -n ${SHELLHOOKS_SEGMENT_PLAIN-} ]] || return 0
  spaceship::section --color 208 --suffix ' ' "${SHELLHOOKS_SEGMENT_PLAIN//\%/%%}"
}
