/*
 * term.h: colour and the live progress line, both only for terminals.
 *
 * Colour follows --color (auto, always, never); in auto mode it is on when
 * the stream is a terminal, NO_COLOR is unset or empty, and TERM is not
 * "dumb". The progress line is drawn on stderr, only when stderr is a
 * terminal, and is erased before anything else is printed.
 */
#ifndef TARE_TERM_H
#define TARE_TERM_H

#include <stdio.h>

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

enum term_color {
	TC_RESET, TC_BOLD, TC_RED, TC_GREEN, TC_YELLOW, TC_BLUE, TC_MAGENTA,
	TC_CYAN, TC_DIM, TC_BOLD_RED, TC_BOLD_GREEN, TC_BOLD_YELLOW,
};

/* "auto", "always", "never", indexed by enum color_mode; NULL-ended. */
extern const char *const color_mode_names[];


/* 1 if output to f should be coloured under mode. */
int term_want_color(FILE *f, enum color_mode mode);

/* The escape sequence for c, or "" when on is 0. */
const char *term_color(int on, enum term_color c);

/* 1 if a progress line may be drawn (stderr is a terminal). */
int term_progress_possible(void);
/* Draws line (no newline) as the progress line, replacing the last one. */
void term_progress_draw(const char *line);
/* Erases the progress line, if one is shown. */
void term_progress_clear(void);

/* The terminal's width, or 80. */
int term_width(void);

/* The terminal's height in lines, or 24. */
int term_height(void);

#endif
