#include "fclog_lines.h"

#include <sqlite3.h>

int sqlite3_fcloglines_init(sqlite3 *db, char **error, const struct sqlite3_api_routines *api);

int fclog_lines_install(void) {
    int rc = sqlite3_auto_extension((void (*)(void))sqlite3_fcloglines_init);
    if (rc != SQLITE_OK) return rc;
    // One connection now, made by the caller's one-time set-up, hands the extension SQLite's routines
    // before any thread opens its own: later connections find them set and write nothing.
    sqlite3 *db = NULL;
    rc = sqlite3_open(":memory:", &db);
    sqlite3_close(db);
    return rc;
}
