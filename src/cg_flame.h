/*
 * cg_flame.h: call stacks rebuilt from a profile's call graph, the tree a
 * flame graph draws, and its text forms (folded stacks, speedscope).
 *
 *     struct flame f;
 *     struct flame_options o = FLAME_OPTIONS_INIT;
 *     if (flame_build(&f, &profile, &o) < 0)
 *             ...                      one "tare: ..." line printed
 *     flame_write_folded(&f, stdout);
 *     flame_release(&f);
 *
 * Callgrind records per function its self cost and per call edge (caller,
 * callee) the count and the callee's inclusive cost, not stacks. The tree
 * is rebuilt from those edges, never from a ranking of costs:
 *
 *  - A frame's children are its function's callees; the frame of a callee
 *    under a caller is as wide as the edge's inclusive cost, scaled by the
 *    share of the caller's own cost (self plus calls out) that the
 *    caller's frame holds. A function called from two places appears under
 *    each; siblings branch from their shared caller.
 *  - A frame is exact when every function above it has one calling
 *    context; the cost of a function called from several places is split
 *    among them in proportion to the calls' inclusive costs, which is
 *    exact at the first level and an assumption below it (each call of a
 *    function costs what its calls cost on average). Callgrind's
 *    --separate-callers=N names functions by their callers (f'g'h), which
 *    makes every context N deep a function of its own: the tree is then
 *    exact to that depth, and frames show the name without the context.
 *  - Recursion and cycles (a strongly connected component of the call
 *    graph) are folded: entered at one function, the component's
 *    functions appear once each, along the calls that first reach them,
 *    and together are as wide as the call into the component; the
 *    recursion depths callgrind names fib'2 are drawn as fib. No frame is
 *    ever wider than its function's inclusive cost, nor than its parent.
 *  - Cost no recorded call reaches (the program's entry, a thread's
 *    start, the function where collection was switched on) starts a root
 *    of its own. The frames together are exactly the profile's self cost.
 *
 * The tree is grown widest frame first and stops at min_percent of the
 * total or at max_frames frames: a graph of a profile of any size stays a
 * few thousand frames, and what is left out shows as the parent's own
 * width (cut_frames and cut_value say how much).
 *
 * Two profiles (flame_build_diff) give one tree with both sides' widths,
 * frames matched by the rules of tare diff (cg_diff.h).
 */
#ifndef TARE_CG_FLAME_H
#define TARE_CG_FLAME_H

#include <stdio.h>

#include "cg_profile.h"
#include "vec.h"

#define FLAME_NONE UINT32_MAX

struct flame_frame {
	uint64_t key;		/* the function's identity (name, file, object) */
	uint32_t fn;		/* a function it stands for, in the side's fns */
	uint32_t parent, child, next;	/* FLAME_NONE: none; children by name */
	uint32_t depth;		/* 0: the root, "all" */
	uint8_t side;		/* fn is in: 0 the (new) profile, 1 the old one */
	int64_t value;		/* inclusive width; the new side's in a diff */
	int64_t old_value;	/* a diff's old side; 0 otherwise */
};

struct flame {
	const struct cg_profile *p, *old;	/* old: NULL unless a diff */
	const char *event;
	int col, old_col;
	/* frames.v[0] is the root, as wide as the total. */
	VEC(struct flame_frame) frames;
	struct cg_index index;		/* (parent, key) -> frame */
	size_t max_depth;
	/* Frames left out by min_percent or max_frames, and their width. */
	size_t cut_frames;
	int64_t cut_value;
};

struct flame_options {
	const char *event;	/* NULL: the profile's first */
	double min_percent;	/* frames narrower than this % are left out */
	size_t max_frames;	/* at most this many frames (0: no limit) */
};

#define FLAME_OPTIONS_INIT { NULL, 0.0, 200000 }

/* Returns 0, or -1 after one error line (an event the profile lacks). */
int flame_build(struct flame *f, const struct cg_profile *p, const struct flame_options *o);
/* The same for old and new, each frame with both widths. */
int flame_build_diff(struct flame *f, const struct cg_profile *old,
		     const struct cg_profile *new_, const struct flame_options *o);
void flame_release(struct flame *f);

/* The profile a frame's fn belongs to. */
const struct cg_profile *flame_profile(const struct flame *f, const struct flame_frame *fr);
/*
 * A frame's function name without callgrind's context (f'g'h and fib'2
 * are f and fib), into out (reset first); "all" for the root.
 */
const char *flame_name(const struct flame *f, const struct flame_frame *fr, struct strbuf *out);
/* A frame's width less its children's: its own cost (new side). */
int64_t flame_self(const struct flame *f, const struct flame_frame *fr);
int64_t flame_old_self(const struct flame *f, const struct flame_frame *fr);

/* The length of name without callgrind's context suffix. */
size_t flame_name_len(const char *name);

/*
 * Folded stacks, one line per stack with its own cost: "main;f;g 1234"
 * as flamegraph.pl and inferno read them (';' in a name becomes ':').
 * A diff writes both sides, "main;f;g OLD NEW", as difffolded.pl does.
 */
void flame_write_folded(const struct flame *f, FILE *out);
/* speedscope's file format (a "sampled" profile); not for a diff. */
void flame_write_speedscope(const struct flame *f, const char *name, FILE *out);

#endif
