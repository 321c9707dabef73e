# bash completion for husk: commands, global flags, and container ids from
# `husk list -q` (honouring --root).  Install as
# /usr/share/bash-completion/completions/husk.
_husk ()
{
  local cur=${COMP_WORDS[COMP_CWORD]} root=() cmd="" i
  local commands="checkpoint create delete events exec features kill list pause ps restore resume run spec start state update"
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      --root) root=(--root "${COMP_WORDS[i + 1]}"); ((i++)) ;;
      --root=*) root=("${COMP_WORDS[i]}") ;;
      --log|--log-format|--rootless|--criu) ((i++)) ;;
      -*) ;;
      *) cmd=${COMP_WORDS[i]}; break ;;
    esac
  done
  if [ -z "$cmd" ]; then
    COMPREPLY=($(compgen -W "$commands --root --log --log-format --debug --systemd-cgroup --rootless --version --help" -- "$cur"))
    return
  fi
  case $cur in
    -*) COMPREPLY=($(compgen -W "$(husk "$cmd" --help 2>/dev/null | grep -oE -- '--[a-z-]+' | sort -u)" -- "$cur")) ;;
    *) case $cmd in
         spec|features|list) ;;
         *) COMPREPLY=($(compgen -W "$(husk "${root[@]}" list -q 2>/dev/null)" -- "$cur")) ;;
       esac ;;
  esac
}
complete -F _husk husk
