/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * zlib (Debian zlib1g-dev), for gzip-compressed output files. zlib's
 * deflateInit2 and inflateInit2 are macros (they pass the library version and
 * the stream's size), which Swift cannot call; these inline functions can.
 */
#ifndef CASEFLOW_CZLIB_SHIM_H
#define CASEFLOW_CZLIB_SHIM_H

#include <zlib.h>

/* A gzip stream (RFC 1952): window bits 15 + 16 ask zlib for the gzip
 * wrapper, with modification time 0 and no file name, so the same data
 * always gives the same bytes. */
static inline int czlib_deflate_init_gzip(z_streamp strm, int level) {
    return deflateInit2(strm, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

/* Raw deflate (window bits -15): no header or trailer, for chunks that are
 * joined into one gzip member (each ended by a sync flush). */
static inline int czlib_deflate_init_raw(z_streamp strm, int level) {
    return deflateInit2(strm, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}

/* The CRC-32 of two byte runs one after the other, from each one's CRC-32
 * and the second's length (z_off_t is a macro-defined type Swift cannot see). */
static inline unsigned long czlib_crc32_combine(unsigned long crc1, unsigned long crc2, long long len2) {
    return crc32_combine(crc1, crc2, (z_off_t)len2);
}

/* Window bits 15 + 32: zlib detects a gzip or zlib header. */
static inline int czlib_inflate_init_auto(z_streamp strm) {
    return inflateInit2(strm, 15 + 32);
}

#endif
