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

/* ---- Thread priority (Linux gives each thread its own nice value, set through its thread id). ---- */
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The calling thread's nice value, or -100 when it cannot be read. */
static inline int cardbox_thread_priority(void) {
    errno = 0;
    int nice = getpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid));
    return errno == 0 ? nice : -100;
}

/* Lowers the calling thread's priority, and only its own, by `steps` nice steps (at most to 19). */
static inline void cardbox_lower_thread_priority(int steps) {
    int nice = cardbox_thread_priority();
    if (nice == -100) return;
    int lower = nice + steps > 19 ? 19 : nice + steps;
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), lower);
}

/* Draw `count` one-column characters from (y, x) on, all with the same attributes, in one call; the
   window's own attributes are put back to normal after. */
static inline int cardbox_put_run(int y, int x, const wchar_t *text, int count, attr_t attrs, short pair) {
    WINDOW *window = stdscr;
    wattr_set(window, attrs, pair, NULL);
    int result = mvwaddnwstr(window, y, x, text, count);
    wattr_set(window, A_NORMAL, 0, NULL);
    return result;
}

/* ---- Added for the CardboxTUI terminal layer. ---- */
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/time.h>
#include <ncursesw/term.h>

/* Attribute bits are function-like macros Swift cannot import. */
static inline attr_t cardbox_attrs(int bold, int underline, int reverse, int dim) {
    attr_t attrs = A_NORMAL;
    if (bold) attrs |= A_BOLD;
    if (underline) attrs |= A_UNDERLINE;
    if (reverse) attrs |= A_REVERSE;
    if (dim) attrs |= A_DIM;
    return attrs;
}

static inline int cardbox_color_pairs(void) { return COLOR_PAIRS; }

/* wcwidth is only declared with _XOPEN_SOURCE; declare it here for the width sanity check. */
extern int wcwidth(wchar_t);
static inline int cardbox_wcwidth(wchar_t c) { return wcwidth(c); }

/* 1 when `text` fits one cchar_t (one spacing character plus combining marks). */
static inline int cardbox_cell_fits(const wchar_t *text) {
    cchar_t cell;
    return setcchar(&cell, text, A_NORMAL, 0, NULL) == OK;
}

/* After bytes were written to the terminal behind curses' back (hyperlinks, which end with the
   attributes reset and the cursor at the top left): tells curses the same, so its next update
   starts from what the terminal really shows. */
static inline void cardbox_after_direct_output(void) {
    vidattr(A_NORMAL);
    mvcur(-1, -1, 0, 0);
}

/* newterm on the process's stdout/stdin; NULL when the terminal type is unknown. */
static inline SCREEN *cardbox_newterm(const char *type) { return newterm(type, stdout, stdin); }

/* 1 when the terminal type has a terminfo entry (checked without exiting, unlike initscr) and can
   address the cursor; 2 when it has an entry but no cursor addressing (TERM=dumb); 0 when unknown. */
static inline int cardbox_terminal_known(const char *type) {
    int status = 0;
    if (setupterm(type, STDOUT_FILENO, &status) != OK) return 0;
    char *move = tigetstr("cup");
    int usable = move != NULL && move != (char *)-1;
    del_curterm(cur_term);
    return usable ? 1 : 2;
}

static inline int cardbox_is_utf8_locale(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

/* Signals: the handlers only record the signal; the main loop acts on it. These functions keep their
   state in static variables, so call them from ONE Swift file (Terminal/SignalMonitor.swift). */
static volatile sig_atomic_t cardbox_quit_signal = 0;
static volatile sig_atomic_t cardbox_stop_signal = 0;

/* Defined further down; the watchdog restores the terminal before it ends the process. */
static void cardbox_restore_terminal_now(void);
static volatile sig_atomic_t cardbox_watchdog_signal = 0;

/* A quit signal must end the process within 100 ms whatever the loop is doing (a long draw, a
   write waiting on a lock): if the loop has not ended it by then, this ends it, terminal restored.
   An answer whose write was cut short was never shown, and SQLite's log makes the cut atomic. */
static void cardbox_watchdog(int sig) {
    (void)sig;
    cardbox_restore_terminal_now();
    _exit(128 + cardbox_watchdog_signal);
}

static void cardbox_record_signal(int sig) {
    if (sig == SIGTSTP) {
        cardbox_stop_signal = 1;
        return;
    }
    cardbox_quit_signal = sig;
    if (cardbox_watchdog_signal == 0) {
        cardbox_watchdog_signal = sig;
        struct itimerval once;
        memset(&once, 0, sizeof once);
        once.it_value.tv_usec = 100000;
        setitimer(ITIMER_REAL, &once, NULL);
    }
}

static inline void cardbox_install_signal_handlers(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = cardbox_record_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; /* no SA_RESTART: a blocking read returns so the loop sees the flag */
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
    sigaction(SIGQUIT, &action, NULL);
    sigaction(SIGTSTP, &action, NULL);
    struct sigaction watchdog;
    memset(&watchdog, 0, sizeof watchdog);
    watchdog.sa_handler = cardbox_watchdog;
    sigemptyset(&watchdog.sa_mask);
    sigaction(SIGALRM, &watchdog, NULL);
}

static inline void cardbox_restore_signal_handlers(void) {
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_DFL);
    signal(SIGQUIT, SIG_DFL);
    signal(SIGTSTP, SIG_DFL);
}

/* The pending quit signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) or 0; clears it. */
static inline int cardbox_take_quit_signal(void) {
    int sig = cardbox_quit_signal;
    cardbox_quit_signal = 0;
    return sig;
}

/* 1 when Ctrl-Z (SIGTSTP) arrived; clears it. */
static inline int cardbox_take_stop_signal(void) {
    int stop = cardbox_stop_signal;
    cardbox_stop_signal = 0;
    return stop;
}

/* Stops the process with the default SIGTSTP action; returns after SIGCONT with the handler back. */
static inline void cardbox_stop_process(void) {
    struct sigaction previous, fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(SIGTSTP, &fallback, &previous);
    sigset_t set, old;
    sigemptyset(&set);
    sigaddset(&set, SIGTSTP);
    sigprocmask(SIG_UNBLOCK, &set, &old);
    raise(SIGTSTP);
    sigprocmask(SIG_SETMASK, &old, NULL);
    sigaction(SIGTSTP, &previous, NULL);
}

/* ---- Restoring the terminal on paths that never reach endwin: a crash signal or exit(). ----
   Before curses starts, the terminal's modes are saved; once it has started, the terminal's own
   strings for leaving the app's screen are copied. A crash handler (then the handler that was there
   before it, e.g. Swift's backtracer) and an atexit function write those strings and put the modes
   back, with async-signal-safe calls only. */
#include <termios.h>

#define CARDBOX_CRASH_SIGNAL_COUNT 7
#define CARDBOX_LEAVE_CAPACITY 512
static const int cardbox_crash_signal_list[CARDBOX_CRASH_SIGNAL_COUNT] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS};
static struct sigaction cardbox_previous_actions[CARDBOX_CRASH_SIGNAL_COUNT] = {0};
static struct termios cardbox_modes = {0};
static char cardbox_leave_bytes[CARDBOX_LEAVE_CAPACITY] = {0};
static int cardbox_have_saved_modes = 0;
static size_t cardbox_leave_length = 0;
static volatile sig_atomic_t cardbox_screen_active = 0;

static void cardbox_restore_terminal_now(void) {
    if (!cardbox_screen_active) return;
    cardbox_screen_active = 0;
    size_t written = 0;
    while (written < cardbox_leave_length) {
        ssize_t count = write(STDOUT_FILENO, cardbox_leave_bytes + written, cardbox_leave_length - written);
        if (count <= 0) break;
        written += (size_t)count;
    }
    if (cardbox_have_saved_modes) tcsetattr(STDIN_FILENO, TCSANOW, &cardbox_modes);
}

static void cardbox_crash_handler(int sig) {
    cardbox_restore_terminal_now();
    for (size_t i = 0; i < CARDBOX_CRASH_SIGNAL_COUNT; i++) {
        if (cardbox_crash_signal_list[i] == sig) sigaction(sig, &cardbox_previous_actions[i], NULL);
    }
    raise(sig);
}

static void cardbox_restore_at_exit(void) { cardbox_restore_terminal_now(); }

/* Saves the terminal's modes; call before curses starts. */
static inline void cardbox_save_terminal_modes(void) {
    cardbox_have_saved_modes = tcgetattr(STDIN_FILENO, &cardbox_modes) == 0;
}

static inline void cardbox_append_capability(const char *name) {
    char *value = tigetstr(name);
    if (value == NULL || value == (char *)-1) return;
    size_t length = strlen(value);
    if (cardbox_leave_length + length >= CARDBOX_LEAVE_CAPACITY) return;
    memcpy(cardbox_leave_bytes + cardbox_leave_length, value, length);
    cardbox_leave_length += length;
}

/* Arms the crash and exit paths; call once curses has started. */
static inline void cardbox_arm_terminal_restore(void) {
    static int registered = 0;
    cardbox_leave_length = 0;
    cardbox_append_capability("sgr0");
    cardbox_append_capability("cnorm");
    cardbox_append_capability("rmkx");
    cardbox_append_capability("rmcup");
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = cardbox_crash_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_NODEFER;
    for (size_t i = 0; i < CARDBOX_CRASH_SIGNAL_COUNT; i++) {
        sigaction(cardbox_crash_signal_list[i], &action, &cardbox_previous_actions[i]);
    }
    if (!registered) registered = atexit(cardbox_restore_at_exit) == 0;
    cardbox_screen_active = 1;
}

/* Disarms them once curses has ended normally. */
static inline void cardbox_disarm_terminal_restore(void) {
    cardbox_screen_active = 0;
    for (size_t i = 0; i < CARDBOX_CRASH_SIGNAL_COUNT; i++) {
        sigaction(cardbox_crash_signal_list[i], &cardbox_previous_actions[i], NULL);
    }
}

#endif
