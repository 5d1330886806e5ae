#ifndef CARDBOX_CSQLITECONFIG_SHIM_H
#define CARDBOX_CSQLITECONFIG_SHIM_H
#include <sqlite3.h>

/* sqlite3_config is variadic, which Swift does not import: one call per setting cardbox makes. */

/* Stops SQLite counting the memory it allocates: the count is kept under one process-wide mutex,
   taken by every allocation of every connection. Only before SQLite is initialized; else
   SQLITE_MISUSE and nothing changes. */
static inline int cardbox_sqlite3_config_memstatus_off(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
#endif
