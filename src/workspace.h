/*
 * workspace.h: the front half tare test and tare bench share: the project
 * as a command sees it. In order:
 *
 *     workspace_open()   tare.toml, the profile (its wrappers checked),
 *                        the command line's settings over it
 *     ...                the command's own checks (where reports go)
 *     workspace_find()   the [build] command, the reaper, the binaries
 *                        listed, the selection applied
 *     ...                run what was selected
 *     workspace_release()
 *
 * Both return at the first problem, after one error line, so that nothing
 * is built or listed for a run that could not start.
 */
#ifndef TARE_WORKSPACE_H
#define TARE_WORKSPACE_H

#include "config.h"
#include "discover.h"
#include "select.h"

struct workspace_options {
	const char *config;		/* --config, or NULL: tare.toml here or above */
	const char *profile;		/* -P, or NULL: "default" */
	const struct settings *cli;	/* the command line's settings, or NULL */
	int check_wrappers;		/* the wrappers' programs must exist (tare test) */
	const struct strvec *bins;	/* -b: replaces the file's binaries */
	int bin_kind;			/* --kind: what the -b binaries are (adapter.h) */
	const struct strvec *ctest;	/* --ctest DIR, or NULL */
	const struct strvec *meson;	/* --meson DIR, or NULL */
	unsigned kinds;			/* what to list: 1u << CASE_TEST, CASE_BENCH */
	int no_build;			/* --no-build */
	int jobs;			/* binaries listed at once */
	const char *run_id;		/* for reaper_start(): TARE_RUN_ID, or NULL */
};

struct workspace {
	struct config cfg;
	struct profile_view view;
	struct test_list list;
	size_t selected;		/* the cases the selection kept */
	int cfg_loaded;
};

void workspace_init(struct workspace *ws);

/* Returns 0, or -1 after an error line. */
int workspace_open(struct workspace *ws, const struct workspace_options *o);

/*
 * Runs the [build] command unless o->no_build; from then on nothing a
 * listing or a test starts outlives tare (reaper_start()); lists the
 * binaries for cases of o->kinds and applies sel. Returns 0, or the exit
 * status after an error line (EXIT_USAGE; EXIT_INTERRUPTED when a signal
 * stopped the build or the listing).
 */
int workspace_find(struct workspace *ws, struct selection *sel,
		   const struct workspace_options *o);

/* Frees what open and find made, however far they got. */
void workspace_release(struct workspace *ws);

#endif
