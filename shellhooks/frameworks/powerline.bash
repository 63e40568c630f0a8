# powerline (bash): powerline writes PS1 anew in its own prompt command, which may run after
# the hook's; so the hook runs once more, last, and puts the segment back (no process: the
# answer is the one it just had). Source this file in ~/.bashrc after both the hook line
# and powerline's.
__shellhooks_again() { __shellhooks_hook; }
# shellcheck disable=SC2178  # (PROMPT_COMMAND: a string or an array, both handled)
if [[ -n ${PROMPT_COMMAND+x} && ${PROMPT_COMMAND@a} == *a* ]]; then
    [[ ${PROMPT_COMMAND[*]} == *__shellhooks_again* ]] || PROMPT_COMMAND+=(__shellhooks_again)
elif [[ ${PROMPT_COMMAND-} != *__shellhooks_again* ]]; then
    PROMPT_COMMAND="${PROMPT_COMMAND-}"$'\n'__shellhooks_again
fi
