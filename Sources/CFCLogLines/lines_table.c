// The eponymous virtual table fclog_lines: every stored line as a row, read from its compressed block;
// a span's lines, a range of line ids, one input or one block are read from those blocks alone. And the
// aggregate fclog_line_block(), which makes a block of rows given in any order (migrations, forget).
#include "fclog_lines.h"
#include "block_format.h"

#include <sqlite3ext.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

SQLITE_EXTENSION_INIT1

enum {
    COLUMN_ID, COLUMN_INPUT, COLUMN_LINE, COLUMN_TIME, COLUMN_SPAN, COLUMN_FUNCTION, COLUMN_INSTANCE,
    COLUMN_REQUEST, COLUMN_LEVEL, COLUMN_KIND, COLUMN_MESSAGE, COLUMN_BLOCK,
};

// The plans xBestIndex chooses, as idxNum; for id ranges, bits say which bounds are given.
enum { PLAN_SCAN = 0, PLAN_SPAN = 1, PLAN_IDS = 2, PLAN_INPUT = 3, PLAN_BLOCK = 4 };
enum { HAS_LOW = 0x100, HAS_HIGH = 0x200 };

typedef struct {
    sqlite3_vtab base;
    sqlite3 *db;
} lines_table;

typedef struct { const char *text; int length; } text_value;

typedef struct {
    sqlite3_vtab_cursor base;
    sqlite3_stmt *blocks;
    int at_end;
    int64_t only_span;
    int filters_span;
    // The block being read, decompressed.
    uint8_t *bytes;
    size_t length, capacity, position;
    int64_t block_id, input_id;
    // The current line.
    int64_t id, line_no, time_ms, span_id;
    int has_time, has_span, kind;
    text_value texts[5];
    int64_t previous_time, previous_span;
} lines_cursor;

static int lines_connect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **table, char **error) {
    (void)aux; (void)argc; (void)argv; (void)error;
    int rc = sqlite3_declare_vtab(db,
        "CREATE TABLE x(id INTEGER, input_id INTEGER, line_no INTEGER, time_ms INTEGER, span_id INTEGER, "
        "function TEXT, instance_id TEXT, request_id TEXT, level TEXT, kind INTEGER, message TEXT, block_id HIDDEN)");
    if (rc != SQLITE_OK) return rc;
    lines_table *t = sqlite3_malloc(sizeof(lines_table));
    if (!t) return SQLITE_NOMEM;
    memset(t, 0, sizeof(*t));
    t->db = db;
    sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
    *table = &t->base;
    return SQLITE_OK;
}

static int lines_disconnect(sqlite3_vtab *table) {
    sqlite3_free(table);
    return SQLITE_OK;
}

static int lines_best_index(sqlite3_vtab *table, sqlite3_index_info *info) {
    (void)table;
    int block = -1, span = -1, input = -1, low = -1, high = -1;
    for (int i = 0; i < info->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &info->aConstraint[i];
        if (!c->usable) continue;
        switch (c->iColumn) {
        case COLUMN_BLOCK: if (c->op == SQLITE_INDEX_CONSTRAINT_EQ) block = i; break;
        case COLUMN_SPAN: if (c->op == SQLITE_INDEX_CONSTRAINT_EQ) span = i; break;
        case COLUMN_INPUT: if (c->op == SQLITE_INDEX_CONSTRAINT_EQ) input = i; break;
        case COLUMN_ID:
        case -1:
            if (c->op == SQLITE_INDEX_CONSTRAINT_EQ) { low = high = i; }
            else if (c->op == SQLITE_INDEX_CONSTRAINT_GT || c->op == SQLITE_INDEX_CONSTRAINT_GE) { if (low < 0) low = i; }
            else if (c->op == SQLITE_INDEX_CONSTRAINT_LT || c->op == SQLITE_INDEX_CONSTRAINT_LE) { if (high < 0) high = i; }
            break;
        }
    }
    // Bounds and the rest are checked again by SQLite (omit stays 0): the plans only choose blocks.
    if (block >= 0) {
        info->idxNum = PLAN_BLOCK;
        info->aConstraintUsage[block].argvIndex = 1;
        info->estimatedCost = 10;
        info->estimatedRows = 2000;
    } else if (span >= 0) {
        info->idxNum = PLAN_SPAN;
        info->aConstraintUsage[span].argvIndex = 1;
        info->estimatedCost = 20;
        info->estimatedRows = 20;
    } else if (low >= 0 || high >= 0) {
        info->idxNum = PLAN_IDS;
        int argument = 1;
        if (low >= 0) { info->idxNum |= HAS_LOW; info->aConstraintUsage[low].argvIndex = argument++; }
        if (high >= 0 && high != low) { info->idxNum |= HAS_HIGH; info->aConstraintUsage[high].argvIndex = argument++; }
        else if (high >= 0) info->idxNum |= HAS_HIGH;
        info->estimatedCost = low >= 0 && high >= 0 ? 30 : 500000;
        info->estimatedRows = low >= 0 && high >= 0 ? 100 : 500000;
    } else if (input >= 0) {
        info->idxNum = PLAN_INPUT;
        info->aConstraintUsage[input].argvIndex = 1;
        info->estimatedCost = 100000;
        info->estimatedRows = 100000;
    } else {
        info->idxNum = PLAN_SCAN;
        info->estimatedCost = 1000000;
        info->estimatedRows = 1000000;
    }
    // Every plan reads blocks by id and each block's lines by id, but a span's lines come per value of an IN.
    if (info->nOrderBy == 1 && info->aOrderBy[0].iColumn == COLUMN_ID && !info->aOrderBy[0].desc
        && (info->idxNum & 0xff) != PLAN_SPAN) {
        info->orderByConsumed = 1;
    }
    return SQLITE_OK;
}

static int lines_open(sqlite3_vtab *table, sqlite3_vtab_cursor **cursor) {
    (void)table;
    lines_cursor *c = sqlite3_malloc(sizeof(lines_cursor));
    if (!c) return SQLITE_NOMEM;
    memset(c, 0, sizeof(*c));
    *cursor = &c->base;
    return SQLITE_OK;
}

static int lines_close(sqlite3_vtab_cursor *cursor) {
    lines_cursor *c = (lines_cursor *)cursor;
    sqlite3_finalize(c->blocks);
    free(c->bytes);
    sqlite3_free(c);
    return SQLITE_OK;
}

static int fail(lines_cursor *c, const char *message) {
    sqlite3_free(c->base.pVtab->zErrMsg);
    c->base.pVtab->zErrMsg = sqlite3_mprintf("%s", message);
    return SQLITE_CORRUPT;
}

static int get_varint(lines_cursor *c, uint64_t *value) {
    uint64_t result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (c->position >= c->length) return 0;
        uint8_t byte = c->bytes[c->position++];
        result |= (uint64_t)(byte & 0x7f) << shift;
        if (!(byte & 0x80)) { *value = result; return 1; }
    }
    return 0;
}

// Reads the next line of the block into the cursor; 0 at the block's end, -1 when it is corrupt.
static int decode_line(lines_cursor *c) {
    if (c->position >= c->length) return 0;
    uint64_t v;
    if (!get_varint(c, &v)) return -1;
    c->id += fclog_unzigzag(v);
    if (!get_varint(c, &v)) return -1;
    c->line_no += fclog_unzigzag(v);
    if (c->position + 2 > c->length) return -1;
    c->kind = c->bytes[c->position++];
    uint8_t flags = c->bytes[c->position++];
    c->has_time = (flags & FCLOG_HAS_TIME) != 0;
    c->has_span = (flags & FCLOG_HAS_SPAN) != 0;
    if (c->has_time) {
        if (!get_varint(c, &v)) return -1;
        c->previous_time += fclog_unzigzag(v);
        c->time_ms = c->previous_time;
    }
    if (c->has_span) {
        if (!get_varint(c, &v)) return -1;
        c->previous_span += fclog_unzigzag(v);
        c->span_id = c->previous_span;
    }
    static const uint8_t text_flags[5] = { FCLOG_HAS_FUNCTION, FCLOG_HAS_INSTANCE, FCLOG_HAS_REQUEST, FCLOG_HAS_LEVEL, FCLOG_HAS_MESSAGE };
    for (int i = 0; i < 5; i++) {
        if (!(flags & text_flags[i])) { c->texts[i].text = NULL; continue; }
        if (!get_varint(c, &v) || v > c->length - c->position || v > 0x7fffffff) return -1;
        c->texts[i].text = (const char *)c->bytes + c->position;
        c->texts[i].length = (int)v;
        c->position += v;
    }
    return 1;
}

// Decompresses the block the statement is on.
static int load_block(lines_cursor *c) {
    c->block_id = sqlite3_column_int64(c->blocks, 0);
    c->input_id = sqlite3_column_int64(c->blocks, 1);
    const void *data = sqlite3_column_blob(c->blocks, 2);
    size_t size = (size_t)sqlite3_column_bytes(c->blocks, 2);
    unsigned long long raw = data ? ZSTD_getFrameContentSize(data, size) : ZSTD_CONTENTSIZE_ERROR;
    // A block holds a batch's lines of at most a few MiB, or one line of up to 16 MiB.
    if (raw == ZSTD_CONTENTSIZE_ERROR || raw == ZSTD_CONTENTSIZE_UNKNOWN || raw > (1ull << 30)) {
        return fail(c, "fclog_lines: a line block is corrupt (run PRAGMA integrity_check)");
    }
    if (raw > c->capacity) {
        uint8_t *grown = realloc(c->bytes, raw);
        if (!grown) return SQLITE_NOMEM;
        c->bytes = grown;
        c->capacity = raw;
    }
    size_t written = ZSTD_decompress(c->bytes, c->capacity, data, size);
    if (ZSTD_isError(written) || written != raw) {
        return fail(c, "fclog_lines: a line block is corrupt (run PRAGMA integrity_check)");
    }
    c->length = written;
    c->position = 0;
    c->id = c->block_id;
    c->line_no = 0;
    c->previous_time = 0;
    c->previous_span = 0;
    return SQLITE_OK;
}

// Moves to the next line that the plan wants, across blocks.
static int advance(lines_cursor *c) {
    while (1) {
        int found = decode_line(c);
        if (found < 0) return fail(c, "fclog_lines: a line block is corrupt (run PRAGMA integrity_check)");
        if (found > 0) {
            if (c->filters_span && (!c->has_span || c->span_id != c->only_span)) continue;
            return SQLITE_OK;
        }
        int rc = sqlite3_step(c->blocks);
        if (rc == SQLITE_DONE) { c->at_end = 1; return SQLITE_OK; }
        if (rc != SQLITE_ROW) return rc;
        if ((rc = load_block(c)) != SQLITE_OK) return rc;
    }
}

static int lines_filter(sqlite3_vtab_cursor *cursor, int plan, const char *plan_text, int argc, sqlite3_value **argv) {
    (void)plan_text; (void)argc;
    lines_cursor *c = (lines_cursor *)cursor;
    lines_table *t = (lines_table *)cursor->pVtab;
    sqlite3_finalize(c->blocks);
    c->blocks = NULL;
    c->at_end = 0;
    c->filters_span = 0;
    c->length = c->position = 0;
    const char *sql;
    switch (plan & 0xff) {
    case PLAN_BLOCK: sql = "SELECT id, input_id, data FROM fclog_line_blocks WHERE id = ?1"; break;
    case PLAN_SPAN:
        sql = "SELECT b.id, b.input_id, b.data FROM fclog_line_spans s JOIN fclog_line_blocks b ON b.id = s.block_id "
              "WHERE s.span_id = ?1 ORDER BY b.id";
        break;
    case PLAN_IDS:
        if ((plan & HAS_LOW) && (plan & HAS_HIGH)) {
            sql = "SELECT id, input_id, data FROM fclog_line_blocks WHERE last_id >= ?1 AND id <= ?2 ORDER BY id";
        } else if (plan & HAS_LOW) {
            sql = "SELECT id, input_id, data FROM fclog_line_blocks WHERE last_id >= ?1 ORDER BY id";
        } else {
            sql = "SELECT id, input_id, data FROM fclog_line_blocks WHERE id <= ?1 ORDER BY id";
        }
        break;
    case PLAN_INPUT: sql = "SELECT id, input_id, data FROM fclog_line_blocks WHERE input_id = ?1 ORDER BY id"; break;
    default: sql = "SELECT id, input_id, data FROM fclog_line_blocks ORDER BY id"; break;
    }
    int rc = sqlite3_prepare_v2(t->db, sql, -1, &c->blocks, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_free(cursor->pVtab->zErrMsg);
        cursor->pVtab->zErrMsg = sqlite3_mprintf("fclog_lines: %s", sqlite3_errmsg(t->db));
        return rc;
    }
    if ((plan & 0xff) == PLAN_IDS) {
        // The low bound comes first; the high one is the last argument (the only one for an upper bound or `id = ?`).
        if (plan & HAS_LOW) sqlite3_bind_value(c->blocks, 1, argv[0]);
        if (plan & HAS_HIGH) sqlite3_bind_value(c->blocks, (plan & HAS_LOW) ? 2 : 1, argv[argc - 1]);
    } else if ((plan & 0xff) != PLAN_SCAN) {
        if (sqlite3_value_type(argv[0]) == SQLITE_NULL) { c->at_end = 1; return SQLITE_OK; }
        sqlite3_bind_value(c->blocks, 1, argv[0]);
        if ((plan & 0xff) == PLAN_SPAN) {
            c->filters_span = 1;
            c->only_span = sqlite3_value_int64(argv[0]);
        }
    }
    return advance(c);
}

static int lines_next(sqlite3_vtab_cursor *cursor) {
    return advance((lines_cursor *)cursor);
}

static int lines_eof(sqlite3_vtab_cursor *cursor) {
    return ((lines_cursor *)cursor)->at_end;
}

static int lines_column(sqlite3_vtab_cursor *cursor, sqlite3_context *context, int column) {
    lines_cursor *c = (lines_cursor *)cursor;
    switch (column) {
    case COLUMN_ID: sqlite3_result_int64(context, c->id); break;
    case COLUMN_INPUT: sqlite3_result_int64(context, c->input_id); break;
    case COLUMN_LINE: sqlite3_result_int64(context, c->line_no); break;
    case COLUMN_TIME: if (c->has_time) sqlite3_result_int64(context, c->time_ms); break;
    case COLUMN_SPAN: if (c->has_span) sqlite3_result_int64(context, c->span_id); break;
    case COLUMN_KIND: sqlite3_result_int(context, c->kind); break;
    case COLUMN_BLOCK: sqlite3_result_int64(context, c->block_id); break;
    default: {
        text_value *v = &c->texts[column - COLUMN_FUNCTION + (column > COLUMN_LEVEL ? -1 : 0)];
        if (v->text) sqlite3_result_text(context, v->text, v->length, SQLITE_TRANSIENT);
        break;
    }
    }
    return SQLITE_OK;
}

static int lines_rowid(sqlite3_vtab_cursor *cursor, sqlite_int64 *rowid) {
    *rowid = ((lines_cursor *)cursor)->id;
    return SQLITE_OK;
}

static sqlite3_module lines_module = {
    .iVersion = 0,
    .xCreate = NULL,  // eponymous only: the table exists on every connection that has the module
    .xConnect = lines_connect,
    .xBestIndex = lines_best_index,
    .xDisconnect = lines_disconnect,
    .xDestroy = lines_disconnect,
    .xOpen = lines_open,
    .xClose = lines_close,
    .xFilter = lines_filter,
    .xNext = lines_next,
    .xEof = lines_eof,
    .xColumn = lines_column,
    .xRowid = lines_rowid,
};

// The aggregate fclog_line_block(id, line_no, time_ms, span_id, function, instance_id, request_id, level,
// kind, message): the rows given, in id order, as one compressed block.
typedef struct {
    int64_t id, line_no, time_ms, span_id;
    int has_time, has_span, kind;
    size_t offsets[5];
    size_t lengths[5];
    uint8_t present;
} collected_line;

typedef struct {
    collected_line *lines;
    size_t count, capacity;
    char *text;
    size_t text_length, text_capacity;
    int failed;
} collected_block;

static void block_step(sqlite3_context *context, int argc, sqlite3_value **argv) {
    (void)argc;
    collected_block *b = sqlite3_aggregate_context(context, sizeof(collected_block));
    if (!b || b->failed) return;
    if (b->count == b->capacity) {
        size_t capacity = b->capacity ? b->capacity * 2 : 256;
        collected_line *grown = realloc(b->lines, capacity * sizeof(collected_line));
        if (!grown) { b->failed = 1; return; }
        b->lines = grown;
        b->capacity = capacity;
    }
    collected_line *l = &b->lines[b->count++];
    l->id = sqlite3_value_int64(argv[0]);
    l->line_no = sqlite3_value_int64(argv[1]);
    l->has_time = sqlite3_value_type(argv[2]) != SQLITE_NULL;
    l->time_ms = sqlite3_value_int64(argv[2]);
    l->has_span = sqlite3_value_type(argv[3]) != SQLITE_NULL;
    l->span_id = sqlite3_value_int64(argv[3]);
    l->kind = sqlite3_value_int(argv[8]);
    l->present = 0;
    static const int text_arguments[5] = { 4, 5, 6, 7, 9 };
    for (int i = 0; i < 5; i++) {
        sqlite3_value *v = argv[text_arguments[i]];
        if (sqlite3_value_type(v) == SQLITE_NULL) continue;
        const unsigned char *text = sqlite3_value_text(v);
        size_t length = (size_t)sqlite3_value_bytes(v);
        if (b->text_length + length > b->text_capacity) {
            size_t capacity = b->text_capacity ? b->text_capacity : 64 << 10;
            while (capacity < b->text_length + length) capacity *= 2;
            char *grown = realloc(b->text, capacity);
            if (!grown) { b->failed = 1; return; }
            b->text = grown;
            b->text_capacity = capacity;
        }
        if (length) memcpy(b->text + b->text_length, text, length);
        l->offsets[i] = b->text_length;
        l->lengths[i] = length;
        l->present |= (uint8_t)(1 << i);
        b->text_length += length;
    }
}

static int compare_lines(const void *a, const void *b) {
    int64_t x = ((const collected_line *)a)->id, y = ((const collected_line *)b)->id;
    return (x > y) - (x < y);
}

static void block_final(sqlite3_context *context) {
    collected_block *b = sqlite3_aggregate_context(context, 0);
    if (!b || b->count == 0) return;
    if (b->failed) { sqlite3_result_error_nomem(context); goto done; }
    qsort(b->lines, b->count, sizeof(collected_line), compare_lines);
    fclog_block_builder *builder = fclog_block_builder_new();
    if (!builder) { sqlite3_result_error_nomem(context); goto done; }
    for (size_t i = 0; i < b->count; i++) {
        collected_line *l = &b->lines[i];
        fclog_text texts[FCLOG_TEXTS];
        for (int k = 0; k < FCLOG_TEXTS; k++) {
            int present = (l->present & (1 << k)) != 0;
            texts[k].bytes = present && b->text ? b->text + l->offsets[k] : NULL;
            texts[k].length = present ? (int64_t)l->lengths[k] : -1;
        }
        fclog_block_add(builder, l->id, l->line_no, l->has_time, l->time_ms, l->has_span, l->span_id, l->kind, texts);
    }
    size_t length = 0;
    const void *data = fclog_block_compress(builder, &length);
    if (data) sqlite3_result_blob(context, data, (int)length, SQLITE_TRANSIENT);
    else sqlite3_result_error_nomem(context);
    fclog_block_builder_free(builder);
done:
    free(b->lines);
    free(b->text);
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_fcloglines_init(sqlite3 *db, char **error, const sqlite3_api_routines *api) {
    (void)error;
    // Every connection of a process hands over the same routines: set them once, before any thread reads them.
    if (sqlite3_api != api) sqlite3_api = api;
    int rc = sqlite3_create_module(db, "fclog_lines", &lines_module, NULL);
    if (rc != SQLITE_OK) return rc;
    return sqlite3_create_function(db, "fclog_line_block", 10, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL,
                                   NULL, block_step, block_final);
}
