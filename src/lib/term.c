#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "term.h"

static int progress_shown;

const char *const color_mode_names[] = {
	[COLOR_AUTO] = "auto", [COLOR_ALWAYS] = "always", [COLOR_NEVER] = "never", NULL
};

int term_want_color(FILE *f, enum color_mode mode)
{
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (mode == COLOR_ALWAYS)
		return 1;
	if (mode == COLOR_NEVER)
		return 0;
	if (no_color && *no_color)
		return 0;
	if (term && !strcmp(term, "dumb"))
		return 0;
	return isatty(fileno(f));
}

const char *term_color(int on, enum term_color c)
{
	static const char *const seq[] = {
		[TC_RESET] = "\033[0m",
		[TC_BOLD] = "\033[1m",
		[TC_RED] = "\033[31m",
		[TC_GREEN] = "\033[32m",
		[TC_YELLOW] = "\033[33m",
		[TC_BLUE] = "\033[34m",
		[TC_MAGENTA] = "\033[35m",
		[TC_CYAN] = "\033[36m",
		[TC_DIM] = "\033[2m",
		[TC_BOLD_RED] = "\033[1;31m",
		[TC_BOLD_GREEN] = "\033[1;32m",
		[TC_BOLD_YELLOW] = "\033[1;33m",
	};
	return on ? seq[c] : "";
}

int term_progress_possible(void)
{
	const char *term = getenv("TERM");
	return isatty(STDERR_FILENO) && !(term && !strcmp(term, "dumb"));
}

void term_progress_draw(const char *line)
{
	fprintf(stderr, "\r%s\033[K", line);
	fflush(stderr);
	progress_shown = 1;
}

void term_progress_clear(void)
{
	if (!progress_shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	progress_shown = 0;
}

int term_width(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

int term_height(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row >= 5)
		return ws.ws_row;
	return 24;
}
