# shellhooks as a zsh plugin: oh-my-zsh (clone this repository into
# $ZSH_CUSTOM/plugins/shellhooks, then add shellhooks to plugins=(...)), antidote, zinit,
# zplug. It sources this checkout's hook file (no Python at shell start) and defines
# powerlevel10k's `prompt_shellhooks` segment. The hook's `hook-env` runs with the Python
# of the installed `shellhooks` command (pipx install, or ./install.sh).
0=${${ZERO:-${0:#$ZSH_ARGZERO}}:-${(%):-%N}}  # this file (the zsh plugin standard)
0=${${(M)0:#/*}:-$PWD/$0}
source "${0:A:h}/shellhooks/shells/hook.zsh"
source "${0:A:h}/shellhooks/frameworks/p10k.zsh"
