#include "fclog_lines.h"

#include <sqlite3.h>

int sqlite3_fcloglines_init(sqlite3 *db, char **error, const struct sqlite3_api_routines *api);

int fclog_lines_install(void) {
    return sqlite3_auto_extension((void (*)(void))sqlite3_fcloglines_init);
}
