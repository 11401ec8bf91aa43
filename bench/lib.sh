# bench/lib.sh: what the benchmarks share. Source it, define run_NAME for
# each tool, then:
#   bench_rounds ROUNDS NAME...   runs every run_NAME ROUNDS times, in an
#                                 order that rotates from round to round
#                                 (no tool always first, warm or cold)
#   bench_stats NAME              prints "median min max" of its wall times

declare -A bench_times

bench_now() { date +%s.%N; }

bench_rounds() {
	local rounds=$1 r k t start end
	shift
	local tools=("$@")
	for ((r = 0; r < rounds; r++)); do
		for ((k = 0; k < ${#tools[@]}; k++)); do
			t=${tools[$(((k + r) % ${#tools[@]}))]}
			start=$(bench_now)
			"run_$t"
			end=$(bench_now)
			bench_times[$t]+="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.6f", b - a }') "
		done
	done
}

bench_stats() {
	# mawk has no asort: sort the samples first, then take the middle.
	echo "${bench_times[$1]}" | tr ' ' '\n' | grep . | sort -n | awk '
		{ v[NR] = $1 }
		END {
			med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.3f %.3f %.3f\n", med, v[1], v[NR]
		}'
}
