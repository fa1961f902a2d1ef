#ifndef FCLOG_LINES_H
#define FCLOG_LINES_H

#include <stddef.h>
#include <stdint.h>

/// Log lines are stored in zstd-compressed blocks of about 256 KiB (fclog_line_blocks); this library
/// writes them (the builder), reads them back as rows (the eponymous virtual table fclog_lines) and
/// registers both, with the aggregate fclog_line_block(), on SQLite connections. It is linked into
/// fclog and also built as a loadable extension for the sqlite3 shell and Datasette.

/// The lines of one block being written; lines are added in id order.
typedef struct fclog_block_builder fclog_block_builder;

/// An empty builder, or NULL when out of memory.
fclog_block_builder *fclog_block_builder_new(void);
void fclog_block_builder_free(fclog_block_builder *builder);
/// Forgets what was added; the next line added starts a block.
void fclog_block_builder_reset(fclog_block_builder *builder);

/// One text column of a line: `length` bytes at `bytes`, or SQL NULL when `length` is negative.
typedef struct {
    const char *bytes;
    int64_t length;
} fclog_text;

/// The text columns of a line, in the order the block stores them.
enum { FCLOG_FUNCTION, FCLOG_INSTANCE, FCLOG_REQUEST, FCLOG_LEVEL, FCLOG_MESSAGE, FCLOG_TEXTS };

/// Adds a line; `has_time`/`has_span` say whether those are set.
void fclog_block_add(fclog_block_builder *builder, int64_t id, int64_t line_no,
                     int has_time, int64_t time_ms, int has_span, int64_t span_id, int kind,
                     const fclog_text texts[FCLOG_TEXTS]);

/// Lines added since the last reset.
uint32_t fclog_block_count(const fclog_block_builder *builder);
/// Uncompressed bytes added since the last reset.
size_t fclog_block_raw_size(const fclog_block_builder *builder);
int64_t fclog_block_first_id(const fclog_block_builder *builder);
int64_t fclog_block_last_id(const fclog_block_builder *builder);

/// Compresses the block; the result stays valid until the next call on the builder. NULL when out of memory.
const void *fclog_block_compress(fclog_block_builder *builder, size_t *length);

/// The distinct span ids of the block's lines, ascending; valid until the next add or reset.
const int64_t *fclog_block_spans(fclog_block_builder *builder, size_t *count);

/// Registers the module and functions on every connection the process opens from now on. 0 on success.
int fclog_lines_install(void);

#endif
