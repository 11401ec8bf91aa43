/*
 * valgrind.h: running tests under Valgrind's memcheck, and benchmarks
 * under callgrind.
 *
 * A wrapper whose program is valgrind and whose tool is memcheck (the
 * built-in valgrind profile's, or any in tare.toml) is a memcheck wrapper.
 * tare then adds to its command line what it needs to read the results:
 *
 *   --xml=yes --xml-file=DIR/%p.xml     one XML file per process
 *   --trace-children=yes                children and programs the test runs
 *   --trace-children-skip=...valgrind   ... but not into Valgrind itself
 *   --leak-check=full --show-leak-kinds=K --errors-for-leak-kinds=K
 *                                       K: the leak kinds that fail a test
 *   --suppressions=FILE ...             memcheck.suppressions
 *   --gen-suppressions=all              with --gen-suppressions
 *   ...                                 memcheck.extra-args, last
 *
 * The wrapper's own arguments come first; where both set an option,
 * Valgrind takes the later one, tare's.
 */
#ifndef TARE_VALGRIND_H
#define TARE_VALGRIND_H

#include "config.h"
#include "vec.h"

/* 1 if w runs Valgrind with the memcheck tool. */
int valgrind_is_memcheck(const struct wrapper *w);

/*
 * 1 if w runs Valgrind with the callgrind tool (the built-in callgrind
 * profile's wrapper): each test then writes its own profile, with
 * --callgrind-out-file=.tare/profiles/BINARY/TEST.callgrind.out added.
 */
int valgrind_is_callgrind(const struct wrapper *w);

/* Adds --vgdb=no unless args already set --vgdb. */
void valgrind_no_vgdb(struct strvec *args);

/*
 * Pushes the arguments tare adds for one memcheck process onto args;
 * served is 1 for a fork server, whose children skip the exit work that
 * cannot change their results (--sanity-level=0, and no freeres unless
 * possible or reachable leaks fail), unless args or tare.toml set it.
 */
void valgrind_memcheck_args(struct strvec *args, const struct settings *s,
			    const char *xml_dir, int gen_suppressions, int served);

/* "definite,indirect" for the leak-kind bits of s ("none" if none). */
void valgrind_leak_kinds(struct strbuf *sb, unsigned kinds);

/* How much longer a test may take under w: 20x for memcheck, 50x for callgrind. */
int valgrind_timeout_multiplier(const struct wrapper *w, const struct settings *s);

/* ---- tare bench ---- */

/* The cache geometry benchmarks are simulated with unless tare.toml says otherwise. */
#define VALGRIND_CACHE_I1 "32768,8,64"
#define VALGRIND_CACHE_D1 "32768,8,64"
#define VALGRIND_CACHE_LL "8388608,16,64"

/*
 * The command line that measures one benchmark (tare.h's --bench N):
 *
 *   valgrind --tool=callgrind --cache-sim=yes --I1=... --D1=... --LL=...
 *     --collect-atstart=no          the harness switches collection on
 *                                   around the body, and off after it
 *     --separate-threads=yes        one file per thread: out-01, out-02...
 *     --callgrind-out-file=OUT
 *
 * cache is I1, D1 and LL, "SIZE,ASSOC,LINE" each.
 */
void valgrind_bench_args(struct strvec *args, const char *const cache[3],
			 const char *out_file);

/*
 * What tare adds to a callgrind wrapper's command line for one test
 * (`tare test --profile callgrind`), after the wrapper's own arguments:
 *
 *   --vgdb=no                       unless the wrapper sets --vgdb
 *   --callgrind-out-file=OUT        when out_file is not NULL
 *   --collect-atstart=no            when toggle_fn is not NULL: collect only
 *   --toggle-collect=TOGGLE_FN      inside the test's own function
 *
 * and LD_BIND_NOW=1 to env, so that symbols are bound at start-up and
 * not on the first call inside the test.
 */
void valgrind_callgrind_test_args(struct strvec *args, struct strvec *env,
				  const char *out_file, const char *toggle_fn);

/*
 * The command line of a DHAT run of one benchmark (tare bench --tool dhat):
 *
 *   valgrind --tool=dhat --vgdb=no
 *     --num-callers=500             deep enough that the body's frame is on
 *                                   every stack it allocates under
 *     --dhat-out-file=OUT
 */
void valgrind_dhat_args(struct strvec *args, const char *out_file);

/* "valgrind-3.19.0", or NULL after an error line if valgrind cannot run. */
char *valgrind_version(void);

/*
 * Turns address-space randomisation off for the processes tare starts
 * from now on (personality(ADDR_NO_RANDOMIZE), which exec keeps), and
 * checks that it took; also 0 where the kernel randomises nothing
 * (randomize_va_space 0), as in a container that forbids the call on such
 * a host. Returns 0, or -1 with errno set.
 */
int valgrind_disable_aslr(void);

/*
 * The status memcheck exits with when it found errors: the last
 * --error-exitcode=N of the wrapper's arguments and then the extra ones,
 * or 0 if none is given (the program's own status stands).
 */
int valgrind_error_exitcode(const struct wrapper *w, const struct settings *s);

#endif
