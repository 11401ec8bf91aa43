#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
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

/*
 * Where a report at path really goes. Returns 0 with *st filled and
 * *exists set; target is the file to replace (a symlink's final target,
 * which may not exist yet) or, for what is no regular file, path itself.
 * Returns -1 with errno set if path cannot be looked at.
 */
static int report_target(const char *path, struct strbuf *target, struct stat *st,
			 int *exists)
{
	struct strbuf cur = STRBUF_INIT, link = STRBUF_INIT;
	int hops;

	strbuf_reset(target);
	*exists = 0;
	if (stat(path, st) == 0) {
		char *real;

		*exists = 1;
		if (!S_ISREG(st->st_mode)) {
			strbuf_addstr(target, path);
			return 0;
		}
		real = realpath(path, NULL);
		strbuf_addstr(target, real ? real : path);
		free(real);
		return 0;
	}
	if (errno != ENOENT && errno != ENOTDIR)
		return -1;
	/* Missing, or a symlink whose target is: the target is made. */
	strbuf_addstr(&cur, path);
	for (hops = 0; hops < 40; hops++) {
		struct stat lst;
		ssize_t n;

		if (lstat(cur.buf, &lst) < 0 || !S_ISLNK(lst.st_mode))
			break;
		strbuf_reset(&link);
		strbuf_grow(&link, PATH_MAX);
		n = readlink(cur.buf, link.buf, link.alloc - 1);
		if (n < 0)
			break;
		strbuf_setlen(&link, (size_t)n);
		if (link.buf[0] != '/') {
			const char *slash = strrchr(cur.buf, '/');

			strbuf_setlen(&cur, slash ? (size_t)(slash - cur.buf) + 1 : 0);
			strbuf_add(&cur, link.buf, link.len);
		} else {
			strbuf_reset(&cur);
			strbuf_add(&cur, link.buf, link.len);
		}
	}
	strbuf_add(target, cur.buf, cur.len);
	strbuf_release(&cur);
	strbuf_release(&link);
	if (hops == 40) {
		errno = ELOOP;
		return -1;
	}
	return 0;
}

/* The folder a new file at target goes in: "." for a bare name. */
static void target_folder(struct strbuf *dir, const char *target)
{
	const char *slash = strrchr(target, '/');

	strbuf_reset(dir);
	if (!slash)
		strbuf_addch(dir, '.');
	else if (slash == target)
		strbuf_addch(dir, '/');
	else
		strbuf_add(dir, target, (size_t)(slash - target));
}

/* Our standard output or error, if st is the same file; else -1. */
static int own_stdio(const struct stat *st)
{
	int fd;

	for (fd = 1; fd <= 2; fd++) {
		struct stat o;

		if (fstat(fd, &o) == 0 && o.st_dev == st->st_dev && o.st_ino == st->st_ino)
			return fd;
	}
	return -1;
}

/*
 * Opens what is no regular file, or is our own stdout or stderr, for
 * writing in place. A FIFO without a reader is an error, not a wait.
 */
static FILE *open_through(const char *path, const struct stat *st)
{
	int own = own_stdio(st), fd;
	FILE *f;

	if (own >= 0) {
		/* After what we wrote there ourselves. */
		fflush(own == 1 ? stdout : stderr);
		fd = fcntl(own, F_DUPFD_CLOEXEC, 3);
	} else {
		fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
		if (fd < 0 && errno == ENXIO && S_ISFIFO(st->st_mode)) {
			error("cannot write '%s': no program is reading that FIFO", path);
			return NULL;
		}
		if (fd >= 0)
			fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	}
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		error_errno("cannot open '%s'", path);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	return f;
}

FILE *atomic_file_open(struct atomic_file *af, const char *path)
{
	struct strbuf dir = STRBUF_INIT;
	struct stat st;
	int fd, exists;

	strbuf_init(&af->path, 0);
	strbuf_init(&af->tmp, 0);
	af->f = NULL;
	if (report_target(path, &af->path, &st, &exists) < 0) {
		error_errno("cannot write '%s'", path);
		goto fail;
	}
	if (exists && S_ISDIR(st.st_mode)) {
		error("cannot write '%s': it is a folder", path);
		goto fail;
	}
	if (exists && (!S_ISREG(st.st_mode) || own_stdio(&st) >= 0)) {
		af->f = open_through(path, &st);
		if (!af->f)
			goto fail;
		strbuf_release(&dir);
		return af->f;
	}
	strbuf_addf(&af->tmp, "%s.tmp.XXXXXX", af->path.buf);
	fd = mkostemp(af->tmp.buf, O_CLOEXEC);
	if (fd < 0) {
		target_folder(&dir, af->path.buf);
		error_errno("cannot create a file in '%s'", dir.buf);
		goto fail;
	}
	/* mkostemp makes it 0600: a report keeps the mode of what it replaces. */
	if (exists) {
		fchmod(fd, st.st_mode & 07777);
	} else {
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
	strbuf_release(&dir);
	return af->f;
fail:
	strbuf_release(&dir);
	strbuf_release(&af->path);
	strbuf_release(&af->tmp);
	return NULL;
}

int atomic_file_commit(struct atomic_file *af)
{
	const char *name = af->tmp.len ? af->tmp.buf : af->path.buf;
	int ret = 0;

	if (!af->f)
		return -1;
	if (fflush(af->f) != 0 || ferror(af->f)) {
		ret = error_errno("cannot write '%s'", name);
		fclose(af->f);
	} else if (fclose(af->f) != 0) {
		ret = error_errno("cannot write '%s'", name);
	}
	af->f = NULL;
	if (ret == 0 && af->tmp.len && rename(af->tmp.buf, af->path.buf) < 0)
		ret = error_errno("cannot rename '%s' to '%s'", af->tmp.buf,
				  af->path.buf);
	if (ret < 0 && af->tmp.len)
		unlink(af->tmp.buf);
	strbuf_release(&af->path);
	strbuf_release(&af->tmp);
	return ret;
}

void atomic_file_abort(struct atomic_file *af)
{
	if (af->f && af->f != stdout) {
		fclose(af->f);
		if (af->tmp.len)
			unlink(af->tmp.buf);
	}
	af->f = NULL;
	strbuf_release(&af->path);
	strbuf_release(&af->tmp);
}

FILE *output_open(struct atomic_file *af, const char *path, const char *picture)
{
	if (path && strcmp(path, "-"))
		return atomic_file_open(af, path);
	strbuf_init(&af->path, 0);
	strbuf_init(&af->tmp, 0);
	af->f = NULL;
	if (picture && isatty(1)) {
		error("%s is not written to a terminal: give -o FILE", picture);
		return NULL;
	}
	af->f = stdout;
	return af->f;
}

int output_commit(struct atomic_file *af)
{
	if (af->f != stdout)
		return atomic_file_commit(af);
	af->f = NULL;
	/* main() reports what did not reach standard output. */
	fflush(stdout);
	return 0;
}

int report_path_check(const char *what, const char *path)
{
	struct strbuf target = STRBUF_INIT, dir = STRBUF_INIT;
	struct stat st;
	int exists, ret = 0;

	if (!*path) {
		ret = error("%s: the path is empty", what);
	} else if (report_target(path, &target, &st, &exists) < 0) {
		ret = error_errno("%s '%s'", what, path);
	} else if (exists && S_ISDIR(st.st_mode)) {
		ret = error("%s '%s': it is a folder", what, path);
	} else if (exists && !S_ISREG(st.st_mode)) {
		if (access(path, W_OK) < 0)
			ret = error_errno("%s '%s'", what, path);
	} else {
		target_folder(&dir, target.buf);
		if (stat(dir.buf, &st) < 0)
			ret = errno == ENOENT
				? error("%s '%s': the folder '%s' does not exist", what, path, dir.buf)
				: error_errno("%s '%s': folder '%s'", what, path, dir.buf);
		else if (!S_ISDIR(st.st_mode))
			ret = error("%s '%s': '%s' is not a folder", what, path, dir.buf);
		else if (access(dir.buf, W_OK | X_OK) < 0)
			ret = error_errno("%s '%s': cannot write in the folder '%s'", what, path,
					  dir.buf);
	}
	strbuf_release(&target);
	strbuf_release(&dir);
	return ret;
}

FILE *stream_file_open(const char *path)
{
	struct strbuf target = STRBUF_INIT;
	struct stat st;
	int exists, fd;
	FILE *f = NULL;

	if (report_target(path, &target, &st, &exists) < 0) {
		error_errno("cannot open '%s'", path);
	} else if (exists && S_ISDIR(st.st_mode)) {
		error("cannot open '%s': it is a folder", path);
	} else if (exists && (!S_ISREG(st.st_mode) || own_stdio(&st) >= 0)) {
		f = open_through(path, &st);
	} else if ((fd = open(target.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY,
			      0666)) < 0) {
		error_errno("cannot open '%s'", path);
	} else if (!(f = fdopen(fd, "w"))) {
		error_errno("cannot open '%s'", path);
		close(fd);
	}
	strbuf_release(&target);
	return f;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void remove_tree(const char *dir)
{
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
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

int file_move(const char *from, const char *to)
{
	struct atomic_file af;
	char buf[65536];
	FILE *in, *out;
	size_t n = 0;

	if (rename(from, to) == 0)
		return 0;
	if (errno == ENOENT)
		return -1;
	if (errno != EXDEV) {
		error_errno("cannot move '%s' to '%s'", from, to);
		return -1;
	}
	if (!(in = fopen(from, "rbe"))) {
		error_errno("cannot read '%s'", from);
		return -1;
	}
	if (!(out = atomic_file_open(&af, to))) {
		fclose(in);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0 && fwrite(buf, 1, n, out) == n)
		;
	if (ferror(in) || n) {
		error_errno("cannot copy '%s' to '%s'", from, to);
		fclose(in);
		atomic_file_abort(&af);
		return -1;
	}
	fclose(in);
	if (atomic_file_commit(&af) < 0)
		return -1;
	unlink(from);
	return 0;
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
