# liquidprompt (bash): it builds PS1 anew at every prompt, so the segment goes in through
# its prefix. Put this line in ~/.bashrc (before or after sourcing liquidprompt) or in
# ~/.config/liquidpromptrc; single quotes, so the prompt expands the variable each time.
LP_PS1_PREFIX='${SHELLHOOKS_SEGMENT:+${SHELLHOOKS_SEGMENT} }'
