/*
 * workspace.c: config, profile, build, discovery and selection, in the
 * order tare test and tare bench need them (workspace.h).
 */
#include <string.h>

#include "build.h"
#include "reaper.h"
#include "suites.h"
#include "util.h"
#include "workspace.h"

void workspace_init(struct workspace *ws)
{
	memset(ws, 0, sizeof(*ws));
	test_list_init(&ws->list);
}

int workspace_open(struct workspace *ws, const struct workspace_options *o)
{
	ws->cfg_loaded = 1;
	if (config_load(&ws->cfg, o->config) < 0 ||
	    config_profile(&ws->cfg, o->profile ? o->profile : "default", &ws->view) < 0 ||
	    (o->check_wrappers && config_check_wrappers(&ws->view) < 0))
		return -1;
	if (o->cli)
		config_profile_apply_cli(&ws->view, o->cli);
	return 0;
}

int workspace_find(struct workspace *ws, struct selection *sel,
		   const struct workspace_options *o)
{
	int rc;
	if (ws->cfg.build_command && !o->no_build && (rc = build_run(&ws->cfg)) < 0)
		return rc == -2 ? EXIT_INTERRUPTED : EXIT_USAGE;
	reaper_start(o->run_id);
	struct binary_sources src = { o->bins, o->bin_kind, o->ctest, o->meson };

	if (discover_binaries(&ws->list, &ws->cfg, &src, o->kinds) < 0)
		return EXIT_USAGE;
	rc = discover_cases(&ws->list, &ws->view, ws->cfg.root, o->jobs, selection_want_binary, sel);
	if (rc < 0)
		return rc == -2 ? EXIT_INTERRUPTED : EXIT_USAGE;
	suites_resolve(&ws->list);
	ws->selected = selection_apply(sel, &ws->list);
	/* A test that requires a fixture brings its setup and cleanup along, as in CTest. */
	ws->selected += suites_select_fixtures(&ws->list);
	return 0;
}

void workspace_release(struct workspace *ws)
{
	test_list_release(&ws->list);
	if (ws->cfg_loaded)
		config_release(&ws->cfg);
	ws->cfg_loaded = 0;
}
