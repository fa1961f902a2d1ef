// Encodes a block's lines: per line, varint deltas of id, line number, time and span from the line
// before, its kind, a byte saying which columns are not NULL, then each present text as length and bytes.
#include "fclog_lines.h"
#include "block_format.h"

#include <stdlib.h>
#include <string.h>
#include <zstd.h>

struct fclog_block_builder {
    uint8_t *bytes;
    size_t length, capacity;
    uint8_t *compressed;
    size_t compressed_capacity;
    int64_t *spans;
    size_t span_count, span_capacity;
    int spans_sorted;
    uint32_t count;
    int64_t first_id, last_id, previous_line, previous_time, previous_span;
    int failed;
};

fclog_block_builder *fclog_block_builder_new(void) {
    fclog_block_builder *b = calloc(1, sizeof(fclog_block_builder));
    if (b) fclog_block_builder_reset(b);
    return b;
}

void fclog_block_builder_free(fclog_block_builder *b) {
    if (!b) return;
    free(b->bytes);
    free(b->compressed);
    free(b->spans);
    free(b);
}

void fclog_block_builder_reset(fclog_block_builder *b) {
    b->length = 0;
    b->span_count = 0;
    b->spans_sorted = 1;
    b->count = 0;
    b->first_id = b->last_id = 0;
    b->previous_line = b->previous_time = b->previous_span = 0;
    b->failed = 0;
}

static int reserve(fclog_block_builder *b, size_t more) {
    if (b->length + more <= b->capacity) return 1;
    size_t capacity = b->capacity ? b->capacity : 64 << 10;
    while (capacity < b->length + more) capacity *= 2;
    uint8_t *grown = realloc(b->bytes, capacity);
    if (!grown) { b->failed = 1; return 0; }
    b->bytes = grown;
    b->capacity = capacity;
    return 1;
}

static void put_varint(fclog_block_builder *b, uint64_t value) {
    while (value >= 0x80) {
        b->bytes[b->length++] = (uint8_t)(value | 0x80);
        value >>= 7;
    }
    b->bytes[b->length++] = (uint8_t)value;
}

static void put_text(fclog_block_builder *b, const char *text, size_t length) {
    put_varint(b, length);
    if (length) memcpy(b->bytes + b->length, text, length);
    b->length += length;
}

static void note_span(fclog_block_builder *b, int64_t span) {
    if (b->span_count > 0 && b->spans[b->span_count - 1] == span) return;
    if (b->span_count == b->span_capacity) {
        size_t capacity = b->span_capacity ? b->span_capacity * 2 : 256;
        int64_t *grown = realloc(b->spans, capacity * sizeof(int64_t));
        if (!grown) { b->failed = 1; return; }
        b->spans = grown;
        b->span_capacity = capacity;
    }
    if (b->span_count > 0 && span < b->spans[b->span_count - 1]) b->spans_sorted = 0;
    b->spans[b->span_count++] = span;
}

void fclog_block_add(fclog_block_builder *b, int64_t id, int64_t line_no,
                     int has_time, int64_t time_ms, int has_span, int64_t span_id, int kind,
                     const fclog_text texts[FCLOG_TEXTS]) {
    static const uint8_t text_flags[FCLOG_TEXTS] = {
        FCLOG_HAS_FUNCTION, FCLOG_HAS_INSTANCE, FCLOG_HAS_REQUEST, FCLOG_HAS_LEVEL, FCLOG_HAS_MESSAGE,
    };
    size_t sizes = 0;
    for (int i = 0; i < FCLOG_TEXTS; i++) if (texts[i].length > 0) sizes += (size_t)texts[i].length;
    // Four varints of at most ten bytes, kind and flags, and a length of at most ten bytes per text.
    if (!reserve(b, sizes + 4 * 10 + 2 + FCLOG_TEXTS * 10)) return;
    if (b->count == 0) {
        b->first_id = b->last_id = id;
        b->spans_sorted = 1;
    }
    put_varint(b, fclog_zigzag(id - b->last_id));
    put_varint(b, fclog_zigzag(line_no - b->previous_line));
    b->bytes[b->length++] = (uint8_t)kind;
    uint8_t flags = (has_time ? FCLOG_HAS_TIME : 0) | (has_span ? FCLOG_HAS_SPAN : 0);
    for (int i = 0; i < FCLOG_TEXTS; i++) if (texts[i].length >= 0) flags |= text_flags[i];
    b->bytes[b->length++] = flags;
    if (has_time) {
        put_varint(b, fclog_zigzag(time_ms - b->previous_time));
        b->previous_time = time_ms;
    }
    if (has_span) {
        put_varint(b, fclog_zigzag(span_id - b->previous_span));
        b->previous_span = span_id;
        note_span(b, span_id);
    }
    for (int i = 0; i < FCLOG_TEXTS; i++) {
        if (texts[i].length >= 0) put_text(b, texts[i].bytes, (size_t)texts[i].length);
    }
    b->last_id = id;
    b->previous_line = line_no;
    b->count += 1;
}

uint32_t fclog_block_count(const fclog_block_builder *b) { return b->count; }
size_t fclog_block_raw_size(const fclog_block_builder *b) { return b->length; }
int64_t fclog_block_first_id(const fclog_block_builder *b) { return b->first_id; }
int64_t fclog_block_last_id(const fclog_block_builder *b) { return b->last_id; }

const void *fclog_block_compress(fclog_block_builder *b, size_t *length) {
    if (b->failed) return NULL;
    size_t bound = ZSTD_compressBound(b->length);
    if (bound > b->compressed_capacity) {
        uint8_t *grown = realloc(b->compressed, bound);
        if (!grown) return NULL;
        b->compressed = grown;
        b->compressed_capacity = bound;
    }
    // Level 1: as small as level 3 on log text, several times faster than zlib.
    size_t written = ZSTD_compress(b->compressed, bound, b->bytes, b->length, 1);
    if (ZSTD_isError(written)) return NULL;
    *length = written;
    return b->compressed;
}

static int compare_ids(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

const int64_t *fclog_block_spans(fclog_block_builder *b, size_t *count) {
    if (!b->spans_sorted) {
        qsort(b->spans, b->span_count, sizeof(int64_t), compare_ids);
        size_t kept = 0;
        for (size_t i = 0; i < b->span_count; i++) {
            if (kept == 0 || b->spans[kept - 1] != b->spans[i]) b->spans[kept++] = b->spans[i];
        }
        b->span_count = kept;
        b->spans_sorted = 1;
    }
    *count = b->span_count;
    return b->spans;
}
