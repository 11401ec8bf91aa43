# bench/lib.sh: what the benchmarks share. Source it, define run_NAME for
# each tool, then:
#   bench_rounds ROUNDS NAME...   runs every run_NAME ROUNDS times, in an
#                                 order that rotates from round to round
#                                 (no tool always first, warm or cold)
#   bench_stats NAME              prints "median min max" of its wall times
#   bench_peak_kb CMD...          prints CMD's peak resident memory in KB
#                                 (GNU time's %M); its output is dropped

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

bench_peak_kb() {
	local out
	out=$(mktemp)
	/usr/bin/time -f '%M' -o "$out" "$@" > /dev/null 2>&1 || true
	tail -1 "$out"
	rm -f "$out"
}

# bench_gen_c FILE: a C file of 120 functions calling each other, for cc1
# to compile under callgrind (bench/annotate.sh, bench/report.sh).
bench_gen_c() {
	/usr/bin/python3 - "$1" <<'EOF'
import random, sys
random.seed(1)
n = 120
out = ["int func%d(const int *v, int n);" % i for i in range(n)]
for i in range(n):
    a = random.randint(1, 100)
    out.append("""static int helper%(i)d(int x) { return x * %(a)d + (x >> 3) - %(i)d; }
int func%(i)d(const int *v, int n) {
  int s = 0;
  for (int k = 0; k < n; k++) {
    switch ((v[k] + %(i)d) %% 5) {
    case 0: s += helper%(i)d(v[k]); break;
    case 1: s ^= v[k] << %(r)d; break;
    case 2: s -= v[k] * %(a)d; break;
    case 3: if (s > %(a)d) s /= 3; else s += %(a)d; break;
    default: s += k;
    }
  }
  return s + (n > 3 ? func%(j)d(v + 1, n - 1) : 0);
}""" % {"i": i, "a": a, "r": i % 7, "j": (i + 1) % n})
open(sys.argv[1], "w").write("\n".join(out) + "\n")
EOF
}
