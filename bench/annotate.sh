#!/bin/bash
# bench/annotate: reading large callgrind profiles.
# Makes real profiles once (cached in WORK_DIR): gcc's cc1 compiling a
# generated C file and python3 running a mixed workload, under callgrind
# with --dump-instr=yes --collect-jumps=yes, plus variants with
# --separate-callers (many more contexts) and periodic dumps (one part per
# dump). Then times, in one session: `tare annotate`, `tare annotate
# --compat`, `callgrind_annotate` with the same (default) options, and
# `wc -l` (the floor: reading the file). Checks that callgrind_annotate and
# --compat print the same lines. Prints per profile:
#   name bytes wc_s tare_s tare_kb compat_s compat_kb ca_s ca_kb same base_kb
# (base_kb: tare's peak on a one-line profile, what the process itself takes)
# (seconds are medians; callgrind_annotate runs once, it is slow).
set -euo pipefail

build=${1:?usage: annotate.sh BUILD_DIR WORK_DIR [ROUNDS]}
work=${2:?}
rounds=${3:-5}
tare=$(cd "$build" && pwd)/tare
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work"
work=$(cd "$work" && pwd)
. "$here/lib.sh"

python=/usr/bin/python3
vg="valgrind -q --tool=callgrind --dump-instr=yes --collect-jumps=yes"

gen_py() {
	cat > "$1" <<'EOF'
import json, re, decimal, fractions, statistics, textwrap, difflib, csv, io, hashlib, zlib, base64, datetime
import xml.dom.minidom, email.parser, collections, heapq, random
random.seed(1)
data = [{"id": i, "name": "n%d" % i, "v": random.random(), "tags": ["a", "b", str(i % 7)]} for i in range(3000)]
s = json.dumps(data); back = json.loads(s)
words = re.findall(r"\w+", s)
c = collections.Counter(words).most_common(10)
d = sum(decimal.Decimal(str(x["v"])) for x in back[:500])
f = sum(fractions.Fraction(i, i + 1) for i in range(1, 200))
st = statistics.pstdev(x["v"] for x in back)
t = textwrap.fill(" ".join(words[:2000]), 60)
diff = list(difflib.unified_diff(t.splitlines()[:200], t.upper().splitlines()[:200]))
buf = io.StringIO(); w = csv.writer(buf)
for x in back[:1000]: w.writerow([x["id"], x["name"], x["v"]])
h = hashlib.sha256(buf.getvalue().encode()).hexdigest()
z = zlib.compress(s.encode()); b = base64.b64encode(z)
doc = xml.dom.minidom.parseString("<r>" + "".join("<i n='%d'>%s</i>" % (i, i * i) for i in range(500)) + "</r>")
m = email.parser.Parser().parsestr("From: a@b\nTo: c@d\nSubject: hi\n\nbody\n")
hp = list(heapq.merge(sorted(random.sample(range(10000), 500)), sorted(random.sample(range(10000), 500))))
dt = [datetime.date(2020, 1, 1) + datetime.timedelta(days=i) for i in range(500)]
print(len(words), c[0], float(d), float(f), st, len(diff), h[:8], len(b), len(hp), dt[-1])
EOF
}

# cc1 is a child of the gcc driver: follow children, keep the largest profile.
cc1_profile() {
	local out=$1
	shift
	[ -s "$out" ] && return
	rm -rf "$work/cc1.tmp"
	mkdir -p "$work/cc1.tmp"
	(cd "$work/cc1.tmp" && $vg --trace-children=yes "$@" \
		--callgrind-out-file="$work/cc1.tmp/cg.%p" gcc -O2 -c "$work/gen.c" -o gen.o)
	mv "$(ls -S "$work"/cc1.tmp/cg.* | head -1)" "$out"
	rm -rf "$work/cc1.tmp"
}

py_profile() {
	local out=$1
	shift
	[ -s "$out" ] && return
	$vg "$@" --callgrind-out-file="$out" "$python" "$work/w.py" > /dev/null
}

[ -s "$work/gen.c" ] || bench_gen_c "$work/gen.c"
[ -s "$work/w.py" ] || gen_py "$work/w.py"
echo "annotate: making profiles (once; cached in $work)" >&2
cc1_profile "$work/cc1.instr.out"
cc1_profile "$work/cc1.callers.out" --separate-callers=3
py_profile "$work/python.instr.out"
py_profile "$work/python.callers.out" --separate-callers=4
py_profile "$work/python.dumps.out" --dump-every-bb=5000000 --combine-dumps=yes

# What the process itself takes (program, libraries, stdio) before any
# profile data: the peak on a one-line profile.
printf 'events: Ir\nfn=main\n1 1\n' > "$work/empty.out"
base_kb=$(bench_peak_kb "$tare" annotate "$work/empty.out")

cd "$work"
for f in cc1.instr cc1.callers python.instr python.callers python.dumps; do
	file=$work/$f.out
	run_wc() { wc -l "$file" > /dev/null; }
	run_tare() { "$tare" annotate "$file" > /dev/null; }
	run_compat() { "$tare" annotate --compat "$file" > /dev/null 2>&1; }
	run_ca() { callgrind_annotate "$file" > "$work/ca.txt" 2> /dev/null; }
	bench_times=()
	bench_rounds "$rounds" wc tare compat
	bench_rounds 1 ca
	"$tare" annotate --compat "$file" > "$work/tare.txt" 2> /dev/null
	# Perl's hash order differs from run to run: compare the lines as sets.
	if cmp -s <(sort "$work/ca.txt") <(sort "$work/tare.txt"); then same=yes; else same=no; fi
	echo "$f $(stat -c %s "$file") $(bench_stats wc | cut -d' ' -f1)" \
		"$(bench_stats tare | cut -d' ' -f1) $(bench_peak_kb "$tare" annotate "$file")" \
		"$(bench_stats compat | cut -d' ' -f1) $(bench_peak_kb "$tare" annotate --compat "$file")" \
		"$(bench_stats ca | cut -d' ' -f1) $(bench_peak_kb callgrind_annotate "$file")" \
		"$same $base_kb"
done
