/*
 * fsutil.h: paths, globs and atomic writes.
 */
#ifndef TARE_FSUTIL_H
#define TARE_FSUTIL_H

#include <stdio.h>

#include "strbuf.h"
#include "vec.h"

/* Appends dir/name to sb, or just name when it is absolute or dir is NULL. */
void path_join(struct strbuf *sb, const char *dir, const char *name);

/* The last component of path (a pointer into it). */
const char *path_basename(const char *path);

/* Makes path absolute against the current directory. */
void path_absolute(struct strbuf *sb, const char *path);

/*
 * Looks for name in dir and each of its parents; on success puts the full
 * path in found and returns 0, else -1.
 */
int find_upwards(const char *dir, const char *name, struct strbuf *found);

/* 1 if pattern has glob wildcards (* ? [). */
int glob_has_magic(const char *pattern);

/*
 * Expands pattern (relative to dir unless absolute) and pushes the
 * matches, sorted, onto out. Returns the number of matches, or -1 with an
 * error printed if the expansion itself failed.
 */
int glob_expand(const char *dir, const char *pattern, struct strvec *out);

/* 1 if path is a regular file we may execute. */
int is_executable(const char *path);

/*
 * Writing a report (JUnit, a summary, RESULTS.md, a baseline) where the
 * user says, touching nothing else:
 *  - a path that names something other than a regular file (a device such
 *    as /dev/null, a FIFO, /dev/stdout on a pipe or a terminal) is written
 *    through, in place; a FIFO must have a reader already;
 *  - a path that names our own standard output or error (/dev/stdout when
 *    it is redirected to a file) is written through that descriptor, after
 *    what was written there before;
 *  - a symlink is followed: its target is replaced, the link stays;
 *  - a regular file, or a new one, is replaced atomically: the content goes
 *    to a temporary file beside it, which replaces it (keeping its
 *    permissions) only when complete, so a reader never sees half a report.
 * The folder a new file goes in must exist: reports never create folders.
 *
 *     struct atomic_file af;
 *     FILE *f = atomic_file_open(&af, "junit.xml");
 *     fprintf(f, ...);
 *     if (atomic_file_commit(&af) < 0) ...    (or atomic_file_abort)
 */
struct atomic_file {
	struct strbuf path;	/* where it goes: the link's target, resolved */
	struct strbuf tmp;	/* empty when written through */
	FILE *f;
};

FILE *atomic_file_open(struct atomic_file *af, const char *path);
int atomic_file_commit(struct atomic_file *af);
void atomic_file_abort(struct atomic_file *af);

/*
 * A command's output file (-o PATH): opened with atomic_file_open(), or
 * standard output when path is NULL or "-". A page or a picture (what
 * names it in the message) is not written to a terminal: NULL after one
 * error line, as for any failure. output_commit() is atomic_file_commit()
 * for a file and a flush for standard output.
 */
FILE *output_open(struct atomic_file *af, const char *path, const char *picture);
int output_commit(struct atomic_file *af);

/*
 * Checks, before a run, that a report can be written at path as
 * atomic_file_open() would (what names it in messages: "--junit", say):
 * its folder exists, is a folder and is writable, and path is no folder.
 * Returns 0, or -1 after one error line.
 */
int report_path_check(const char *what, const char *path);

/*
 * Opens a stream that is written as it grows (the event stream) at path,
 * in place: through a symlink, a device or a FIFO (which must have a
 * reader), or a new or truncated regular file. Returns NULL after an error
 * line.
 */
FILE *stream_file_open(const char *path);

/* Writes len bytes to path atomically. Returns 0, or -1 after an error line. */
int atomic_write_file(const char *path, const void *buf, size_t len);

/*
 * Moves the file from to to: rename(), or where the two are on different
 * file systems (a temporary folder in /tmp, a tmpfs, and a project on
 * disk), a copy written atomically, then from removed. Returns 0; -1 with
 * errno ENOENT, saying nothing, if from does not exist; else -1 after an
 * error line.
 */
int file_move(const char *from, const char *to);

/*
 * Appends name as one path component that names it alone: '/' becomes
 * "~s", '~' "~t" and '%' (which Valgrind expands in file names) "~p";
 * other bytes stay. A result longer than 200 bytes is cut and ends with
 * "~h" and a hash of the whole name, to stay within file-name limits.
 */
void path_add_name(struct strbuf *sb, const char *name);

/* Removes a folder and everything in it, following no links. */
void remove_tree(const char *dir);

/* Creates dir and its parents as mkdir -p does. */
int mkdir_p(const char *dir);

#endif
