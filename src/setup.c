#include <errno.h>
#include <string.h>

#include "reaper.h"
#include "runner.h"
#include "setup.h"

/* The rules of the profile (and those it inherits) that name sc. */
static int rule_names(const struct script_rule *r, const struct setup_script *sc)
{
	size_t i;

	for (i = 0; i < r->nsetups; i++)
		if (r->setups[i] == sc)
			return 1;
	return 0;
}

static int rule_matches_some(const struct script_rule *r, const struct test_list *list)
{
	size_t i;

	for (i = 0; i < list->cases.nr; i++) {
		const struct test_case *tc = list->cases.v[i];

		if (tc->selected && (!r->filter ||
				     filter_match_labels(r->filter, tc->bin->id, tc->name,
							 case_labels(tc))))
			return 1;
	}
	return 0;
}

/* NAME=value lines of the script's file into env; -1 after an error line. */
static int read_exports(const char *name, const char *path, struct strvec *env)
{
	struct strbuf text = STRBUF_INIT;
	const char *p, *end;
	size_t line = 0;
	int ret = 0;

	if (strbuf_read_file(&text, path, 1 << 20) < 0)
		return -1;
	end = text.buf + text.len;
	for (p = text.buf; p < end && !ret;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *le = nl ? nl : end, *q = p;

		line++;
		if (le > p) {
			while (q < le && (*q == '_' || (*q >= 'A' && *q <= 'Z') ||
					  (*q >= 'a' && *q <= 'z') || (q > p && *q >= '0' && *q <= '9')))
				q++;
			if (q == p || q == le || *q != '=' || memchr(p, '\0', (size_t)(le - p))) {
				error("setup script '%s': $TARE_ENV:%zu: expected NAME=value, found "
				      "\"%.*s\"", name, line, (int)((le - p) > 60 ? 60 : le - p), p);
				ret = -1;
			} else {
				strvec_pushf(env, "%.*s", (int)(le - p), p);
			}
		}
		p = nl ? nl + 1 : end;
	}
	strbuf_release(&text);
	return ret;
}

/* Runs one script; its exports into env. 0, -1 (failed), -2 (interrupted). */
static int run_script(const struct setup_script *sc, const char *root, const char *tmp,
		      struct strvec *env, FILE *out)
{
	struct strbuf file = STRBUF_INIT;
	struct run_job j;
	int ret = -1, rc;
	FILE *f;

	/* The file the script appends to, empty for each. */
	strbuf_addf(&file, "%s/setup.env", tmp);
	f = fopen(file.buf, "w");
	if (!f || fclose(f)) {
		error_errno("cannot make '%s'", file.buf);
		strbuf_release(&file);
		return -1;
	}
	run_job_init(&j);
	strvec_pushv(&j.child.args, (const char **)sc->cmd.argv.v);
	strvec_pushv(&j.child.env, (const char **)sc->cmd.env.v);
	strvec_pushf(&j.child.env, "TARE_ENV=%s", file.buf);
	strvec_pushf(&j.child.env, "NEXTEST_ENV=%s", file.buf);
	strvec_push(&j.child.env, "TARE=1");
	j.child.dir = root;
	j.slow_period = sc->slow_period;
	j.terminate_after = sc->slow_period > 0 ? (sc->terminate_after ? sc->terminate_after : 1) : 0;
	j.grace = 2;
	rc = runner_run_one(&j);
	if (rc == -2) {
		ret = -2;
	} else if (rc < 0) {
		;
	} else if (j.start_errno) {
		errno = j.start_errno;
		error_errno("setup script '%s': cannot run '%s'", sc->name, sc->cmd.argv.v[0]);
	} else if (j.timed_out || j.term_signal || j.exit_code) {
		if (j.timed_out)
			error("setup script '%s' did not finish within its slow-timeout", sc->name);
		else if (j.term_signal)
			error("setup script '%s' was killed by signal %d (%s)", sc->name,
			      j.term_signal, strsignal(j.term_signal));
		else
			error("setup script '%s' failed: exit status %d", sc->name, j.exit_code);
		fwrite(j.out.buf, 1, j.out.len, stderr);
		fwrite(j.err.buf, 1, j.err.len, stderr);
	} else if (read_exports(sc->name, file.buf, env) == 0) {
		fprintf(out, "%12s [%8.3fs] %s\n", "SETUP", j.end - j.start, sc->name);
		fflush(out);
		ret = 0;
	}
	run_job_release(&j);
	strbuf_release(&file);
	return ret;
}

int setup_run_all(struct setup_run *sr, const struct config *cfg,
		  const struct profile_view *view, const struct test_list *list,
		  const char *root, FILE *out)
{
	struct strbuf tmp = STRBUF_INIT;
	size_t s, k;
	int i, ret = 0;

	for (s = 0; s < cfg->setup_scripts.nr && !ret; s++) {
		const struct setup_script *sc = cfg->setup_scripts.v[s];
		struct strvec env = STRVEC_INIT;
		int needed = 0;

		for (i = 0; i < view->n && !needed; i++)
			for (k = 0; k < view->chain[i]->scripts.nr && !needed; k++) {
				const struct script_rule *r = &view->chain[i]->scripts.v[k];

				needed = rule_names(r, sc) && rule_matches_some(r, list);
			}
		if (!needed)
			continue;
		if (!tmp.len && temp_folder_make(&tmp, NULL) < 0) {
			ret = -1;
			break;
		}
		ret = run_script(sc, root, tmp.buf, &env, out);
		/* Each rule that names it passes the exports on to the tests it matches. */
		for (i = 0; i < view->n && !ret; i++)
			for (k = 0; k < view->chain[i]->scripts.nr; k++) {
				const struct script_rule *r = &view->chain[i]->scripts.v[k];
				struct setup_export e = { r->filter, STRVEC_INIT };

				if (!rule_names(r, sc))
					continue;
				strvec_pushv(&e.env, (const char **)env.v);
				vec_push(&sr->exports, e);
			}
		strvec_clear(&env);
	}
	if (tmp.len)
		temp_folder_remove(tmp.buf);
	strbuf_release(&tmp);
	return ret;
}

void setup_add_env(const struct setup_run *sr, const struct test_case *tc, struct strvec *env)
{
	size_t i;

	for (i = 0; sr && i < sr->exports.nr; i++) {
		const struct setup_export *e = &sr->exports.v[i];

		if (!e->filter || filter_match_labels(e->filter, tc->bin->id, tc->name, case_labels(tc)))
			strvec_pushv(env, (const char **)e->env.v);
	}
}

void setup_release(struct setup_run *sr)
{
	size_t i;

	for (i = 0; i < sr->exports.nr; i++)
		strvec_clear(&sr->exports.v[i].env);
	vec_release(&sr->exports);
}
