#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"

void path_join(struct strbuf *sb, const char *dir, const char *name)
{
	if (dir && *dir && name[0] != '/') {
		strbuf_addstr(sb, dir);
		if (sb->len && sb->buf[sb->len - 1] != '/')
			strbuf_addch(sb, '/');
	}
	strbuf_addstr(sb, name);
}

const char *path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

void path_absolute(struct strbuf *sb, const char *path)
{
	char cwd[PATH_MAX];

	while (path[0] == '.' && path[1] == '/')
		path += 2;
	if (path[0] != '/' && getcwd(cwd, sizeof(cwd))) {
		if (!strcmp(path, ".") || !*path)
			strbuf_addstr(sb, cwd);
		else
			path_join(sb, cwd, path);
	} else {
		strbuf_addstr(sb, path);
	}
}

int find_upwards(const char *dir, const char *name, struct strbuf *found)
{
	struct strbuf d = STRBUF_INIT;

	path_absolute(&d, dir);
	for (;;) {
		struct stat st;
		char *slash;

		strbuf_reset(found);
		path_join(found, d.buf, name);
		if (stat(found->buf, &st) == 0 && S_ISREG(st.st_mode)) {
			strbuf_release(&d);
			return 0;
		}
		slash = strrchr(d.buf, '/');
		if (!slash || d.len <= 1)
			break;
		strbuf_setlen(&d, slash == d.buf ? 1 : (size_t)(slash - d.buf));
	}
	strbuf_reset(found);
	strbuf_release(&d);
	return -1;
}

int glob_has_magic(const char *pattern)
{
	return strpbrk(pattern, "*?[") != NULL;
}

int glob_expand(const char *dir, const char *pattern, struct strvec *out)
{
	struct strbuf full = STRBUF_INIT;
	glob_t g;
	int rc;
	size_t i;

	path_join(&full, dir, pattern);
	rc = glob(full.buf, 0, NULL, &g);
	if (rc == GLOB_NOMATCH) {
		strbuf_release(&full);
		return 0;
	}
	if (rc != 0) {
		error("cannot expand '%s'", full.buf);
		strbuf_release(&full);
		return -1;
	}
	for (i = 0; i < g.gl_pathc; i++)
		strvec_push(out, g.gl_pathv[i]);
	rc = (int)g.gl_pathc;
	globfree(&g);
	strbuf_release(&full);
	return rc;
}

int is_executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	       access(path, X_OK) == 0;
}

FILE *atomic_file_open(struct atomic_file *af, const char *path)
{
	int fd;
	char *slash;

	strbuf_init(&af->path, 0);
	strbuf_init(&af->tmp, 0);
	af->f = NULL;
	strbuf_addstr(&af->path, path);
	slash = strrchr(af->path.buf, '/');
	if (slash && slash != af->path.buf) {
		*slash = '\0';
		if (mkdir_p(af->path.buf) < 0) {
			*slash = '/';
			goto fail;
		}
		*slash = '/';
	}
	strbuf_addf(&af->tmp, "%s.tmp.XXXXXX", path);
	fd = mkostemp(af->tmp.buf, O_CLOEXEC);
	if (fd < 0) {
		error_errno("cannot create '%s'", af->tmp.buf);
		goto fail;
	}
	/* mkostemp makes it 0600; a report is as readable as any file. */
	{
		mode_t mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	af->f = fdopen(fd, "w");
	if (!af->f) {
		close(fd);
		unlink(af->tmp.buf);
		error_errno("cannot open '%s'", af->tmp.buf);
		goto fail;
	}
	return af->f;
fail:
	strbuf_release(&af->path);
	strbuf_release(&af->tmp);
	return NULL;
}

int atomic_file_commit(struct atomic_file *af)
{
	int ret = 0;

	if (!af->f)
		return -1;
	if (fflush(af->f) != 0 || ferror(af->f)) {
		ret = error_errno("cannot write '%s'", af->tmp.buf);
		fclose(af->f);
	} else if (fclose(af->f) != 0) {
		ret = error_errno("cannot write '%s'", af->tmp.buf);
	}
	af->f = NULL;
	if (ret == 0 && rename(af->tmp.buf, af->path.buf) < 0)
		ret = error_errno("cannot rename '%s' to '%s'", af->tmp.buf,
				  af->path.buf);
	if (ret < 0)
		unlink(af->tmp.buf);
	strbuf_release(&af->path);
	strbuf_release(&af->tmp);
	return ret;
}

void atomic_file_abort(struct atomic_file *af)
{
	if (af->f) {
		fclose(af->f);
		unlink(af->tmp.buf);
	}
	af->f = NULL;
	strbuf_release(&af->path);
	strbuf_release(&af->tmp);
}

int mkdir_p(const char *dir)
{
	struct strbuf d = STRBUF_INIT;
	size_t i;

	strbuf_addstr(&d, dir);
	for (i = 1; i <= d.len; i++) {
		if (d.buf[i] != '/' && d.buf[i] != '\0')
			continue;
		d.buf[i] = '\0';
		if (mkdir(d.buf, 0777) < 0 && errno != EEXIST) {
			error_errno("cannot create directory '%s'", d.buf);
			strbuf_release(&d);
			return -1;
		}
		if (i < d.len)
			d.buf[i] = '/';
	}
	strbuf_release(&d);
	return 0;
}

int atomic_write_file(const char *path, const void *buf, size_t len)
{
	struct atomic_file af;
	FILE *f = atomic_file_open(&af, path);

	if (!f)
		return -1;
	if (len && fwrite(buf, 1, len, f) != len) {
		error_errno("cannot write '%s'", af.tmp.buf);
		atomic_file_abort(&af);
		return -1;
	}
	return atomic_file_commit(&af);
}

void path_add_name(struct strbuf *sb, const char *name)
{
	size_t start = sb->len;
	const char *p;

	for (p = name; *p; p++) {
		if (*p == '/')
			strbuf_addstr(sb, "~s");
		else if (*p == '~')
			strbuf_addstr(sb, "~t");
		else if (*p == '%')
			strbuf_addstr(sb, "~p");
		else
			strbuf_addch(sb, *p);
	}
	if (sb->len - start > 200) {
		strbuf_setlen(sb, start + 180);
		strbuf_addf(sb, "~h%016llx", (unsigned long long)hash_fnv1a(name, strlen(name), HASH_FNV1A_SEED));
	}
}
