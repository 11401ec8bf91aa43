# bash completion for tare: its subcommands, each one's options (read from
# `tare CMD --help`, the one table that prints them) and the profile names
# of the tare.toml found here or above, with the built-in ones.
_tare_profiles()
{
	local dir=$PWD
	while [ -n "$dir" ]; do
		if [ -f "$dir/tare.toml" ]; then
			sed -n 's/^\[profile\.\([A-Za-z0-9_-]*\)\].*/\1/p; s/^\[\[profile\.\([A-Za-z0-9_-]*\)\..*/\1/p' \
				"$dir/tare.toml"
			break
		fi
		dir=${dir%/*}
	done
	printf '%s\n' default valgrind callgrind
}

_tare()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local cmd=${COMP_WORDS[1]} words

	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "test bench annotate diff flamegraph report help --help --version" -- "$cur"))
		return
	fi
	case $prev in
	-P|--profile)
		COMPREPLY=($(compgen -W "$(_tare_profiles | sort -u)" -- "$cur"))
		return ;;
	-b|--bin|--config|--junit|--events|--baseline-file|-o|--output)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--ctest|--meson)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	--kind)
		COMPREPLY=($(compgen -W "auto tare gtest criterion tap unity plain" -- "$cur"))
		return ;;
	esac
	if [[ $cur == -* ]]; then
		words=$("${COMP_WORDS[0]}" "$cmd" --help 2>/dev/null |
			sed -n 's/^  \(-., \)\{0,1\} *\(--[a-z][a-z-]*\).*/\2/p')
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
		return
	fi
	case $cmd in
	annotate|diff|flamegraph|report) COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
}
complete -F _tare tare
