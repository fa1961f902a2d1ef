# Prints the completions bash would offer for a command line ($1), with the script fclog generates ($FCLOG).
shopt -s extglob
source <("$FCLOG" --generate-completion-script bash)
complete_line() {
  local line="$1"
  read -ra COMP_WORDS <<< "$line"
  [[ "$line" == *" " ]] && COMP_WORDS+=("")
  COMP_WORDS[0]="$FCLOG"
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE="$line"; COMP_POINT=${#line}
  COMPREPLY=()
  _fclog "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
  printf '%s\n' "${COMPREPLY[@]}"
}
complete_line "$1"
