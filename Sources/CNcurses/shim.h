#ifndef CARDBOX_CNCURSES_SHIM_H
#define CARDBOX_CNCURSES_SHIM_H

/* SwiftPM drops the -D flags pkg-config reports, so turn on the wide-character API here. */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/* stdscr is a mutable global, which Swift 6 strict concurrency rejects; reach it through a function. */
static inline WINDOW *cardbox_stdscr(void) { return stdscr; }
static inline int cardbox_lines(void) { return LINES; }
static inline int cardbox_cols(void) { return COLS; }
static inline int cardbox_colors(void) { return COLORS; }

/* Fill a cchar_t with one character cell and draw it. */
static inline int cardbox_put_cell(int y, int x, const wchar_t *text, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &cell);
}

static inline int cardbox_get_wch(wint_t *out) { return get_wch(out); }

#endif
