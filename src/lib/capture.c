#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture.h"

void capture_init(struct capture *c, size_t head, size_t tail)
{
	memset(c, 0, sizeof(*c));
	c->head = head;
	c->tail = tail;
	strbuf_init(&c->kept, 0);
}

void capture_release(struct capture *c)
{
	strbuf_release(&c->kept);
	free(c->ring);
	c->ring = NULL;
	c->ring_len = c->ring_pos = c->total = 0;
}

int capture_full(const struct capture *c)
{
	return !c->tail && c->kept.len >= c->head;
}

void capture_add(struct capture *c, const char *buf, size_t n)
{
	size_t take;

	c->total += n;
	take = c->head - c->kept.len < n ? c->head - c->kept.len : n;
	strbuf_add(&c->kept, buf, take);
	buf += take;
	n -= take;
	if (!n || !c->tail)
		return;
	if (!c->ring)
		c->ring = xmalloc(c->tail);
	if (n >= c->tail) {
		memcpy(c->ring, buf + n - c->tail, c->tail);
		c->ring_pos = 0;
		c->ring_len = c->tail;
		return;
	}
	while (n) {
		size_t k = c->tail - c->ring_pos < n ? c->tail - c->ring_pos : n;

		memcpy(c->ring + c->ring_pos, buf, k);
		c->ring_pos = (c->ring_pos + k) % c->tail;
		if (c->ring_len < c->tail)
			c->ring_len = c->ring_len + k < c->tail ? c->ring_len + k : c->tail;
		buf += k;
		n -= k;
	}
}

/* The length of the UTF-8 sequence a lead byte starts, 1 for anything else. */
static size_t utf8_seq_len(unsigned char b)
{
	return b >= 0xf0 && b < 0xf8 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
}

/*
 * out holds head_len bytes of head, then the tail, with cut bytes between:
 * moves both edges to whole characters (what a move drops counts as cut).
 */
static void settle_cut(struct strbuf *out, size_t head_len, size_t *cut_at, size_t *cut)
{
	size_t end = head_len, start = head_len, back;

	if (!*cut) {
		*cut_at = 0;
		return;
	}
	/* A character the head's end splits: its bytes go. */
	for (back = 1; back <= 3 && back <= head_len; back++) {
		unsigned char b = (unsigned char)out->buf[head_len - back];

		if ((b & 0xc0) != 0x80) {
			if (b >= 0xc0 && utf8_seq_len(b) > back)
				end = head_len - back;
			break;
		}
	}
	/* And the continuation bytes the tail starts with. */
	while (start < out->len && start - head_len < 3 &&
	       ((unsigned char)out->buf[start] & 0xc0) == 0x80)
		start++;
	if (end != head_len || start != head_len) {
		*cut += (head_len - end) + (start - head_len);
		strbuf_remove(out, end, start - end);
	}
	*cut_at = end;
}

void capture_finish(struct capture *c, struct strbuf *out, size_t *cut_at, size_t *cut)
{
	size_t head_len = c->kept.len;

	strbuf_release(out);
	*out = c->kept;
	strbuf_init(&c->kept, 0);
	if (c->ring_len < c->tail) {
		strbuf_add(out, c->ring, c->ring_len);
	} else if (c->ring) {
		strbuf_add(out, c->ring + c->ring_pos, c->tail - c->ring_pos);
		strbuf_add(out, c->ring, c->ring_pos);
	}
	*cut = c->total - out->len;
	settle_cut(out, head_len, cut_at, cut);
	capture_release(c);
}

/* Reads len bytes at off into sb; 0, or -1 with errno set. */
static int read_at(int fd, struct strbuf *sb, size_t len, off_t off)
{
	strbuf_grow(sb, len);
	while (len) {
		ssize_t n = pread(fd, sb->buf + sb->len, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -1 : 0;
		sb->len += (size_t)n;
		sb->buf[sb->len] = '\0';
		len -= (size_t)n;
		off += n;
	}
	return 0;
}

int capture_file(const char *path, size_t head, size_t tail, struct strbuf *out,
		 size_t *cut_at, size_t *cut)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret = 0;
	struct stat st;
	size_t size;

	strbuf_reset(out);
	*cut_at = *cut = 0;
	if (fd < 0)
		return errno == ENOENT ? 0 : error_errno("cannot read '%s'", path);
	if (fstat(fd, &st) < 0) {
		close(fd);
		return error_errno("cannot read '%s'", path);
	}
	size = (size_t)st.st_size;
	if (size <= head + tail) {
		ret = read_at(fd, out, size, 0);
	} else {
		ret = read_at(fd, out, head, 0);
		if (!ret)
			ret = read_at(fd, out, tail, (off_t)(size - tail));
		*cut = size - out->len;
		if (!ret)
			settle_cut(out, head, cut_at, cut);
	}
	if (ret < 0)
		error_errno("cannot read '%s'", path);
	close(fd);
	return ret;
}

int capture_file_trim(int fd, size_t head, size_t tail)
{
	const size_t block = 4096;
	struct stat st;
	size_t from, to;

	if (fstat(fd, &st) < 0)
		return -1;
	if ((size_t)st.st_size <= head + tail + block)
		return 0;
	/* Whole blocks only: the bytes kept must stay as they are. */
	from = (head + block - 1) / block * block;
	to = ((size_t)st.st_size - tail) / block * block;
	if (to <= from)
		return 0;
#ifdef FALLOC_FL_PUNCH_HOLE
	return fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)from,
			 (off_t)(to - from));
#else
	errno = EOPNOTSUPP;
	return -1;
#endif
}

void capture_add_marked(struct strbuf *sb, const char *kept, size_t len, size_t cut_at,
			size_t cut)
{
	if (!cut) {
		strbuf_add(sb, kept, len);
		return;
	}
	strbuf_add(sb, kept, cut_at);
	if (sb->len && sb->buf[sb->len - 1] != '\n')
		strbuf_addch(sb, '\n');
	strbuf_addf(sb, "[tare: %zu bytes cut here]\n", cut);
	strbuf_add(sb, kept + cut_at, len - cut_at);
}
