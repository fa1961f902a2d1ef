#ifndef FCLOG_BLOCK_FORMAT_H
#define FCLOG_BLOCK_FORMAT_H

#include <stdint.h>

// Which of a line's columns are not NULL: the byte after its kind.
enum {
    FCLOG_HAS_TIME = 1,
    FCLOG_HAS_SPAN = 2,
    FCLOG_HAS_FUNCTION = 4,
    FCLOG_HAS_INSTANCE = 8,
    FCLOG_HAS_REQUEST = 16,
    FCLOG_HAS_LEVEL = 32,
    FCLOG_HAS_MESSAGE = 64,
};

static inline uint64_t fclog_zigzag(int64_t value) {
    return ((uint64_t)value << 1) ^ (uint64_t)(value >> 63);
}

static inline int64_t fclog_unzigzag(uint64_t value) {
    return (int64_t)(value >> 1) ^ -(int64_t)(value & 1);
}

#endif
