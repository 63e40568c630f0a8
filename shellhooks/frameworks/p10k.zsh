# powerlevel10k: a `shellhooks` segment. Source this file after the hook line (or copy
# the function into ~/.p10k.zsh), then add `shellhooks` to POWERLEVEL9K_LEFT_PROMPT_ELEMENTS
# or POWERLEVEL9K_RIGHT_PROMPT_ELEMENTS. p10k expands the variable the hook keeps each
# time it draws the prompt: no process, nothing printed, so instant prompt is undisturbed.
function prompt_shellhooks() {
  typeset -g SHELLHOOKS_PROMPT=0  # p10k draws it: the hook adds no copy of its own
  p10k segment -f 208 -c '${SHELLHOOKS_SEGMENT_PLAIN}' -e -t '${SHELLHOOKS_SEGMENT_PLAIN//\%/%%}'
}
