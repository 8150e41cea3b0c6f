/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * OpenSSL's libcrypto (Debian libssl-dev), for the SHA-256 digests in run
 * manifests: its message-digest (EVP) interface, which picks the processor's
 * fastest SHA-256 code (the SHA extensions where the processor has them). Only
 * the four calls Caseflow makes are exposed, behind names of its own.
 */
#ifndef CASEFLOW_CCRYPTO_SHIM_H
#define CASEFLOW_CCRYPTO_SHIM_H

#include <stddef.h>
#include <openssl/evp.h>

/* A SHA-256 digest context, started; NULL if libcrypto could not make one. */
static inline EVP_MD_CTX *ccrypto_sha256_new(void) {
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    if (c != NULL && EVP_DigestInit_ex(c, EVP_sha256(), NULL) != 1) { EVP_MD_CTX_free(c); c = NULL; }
    return c;
}

/* A copy of a context (the digest so far); NULL on failure. */
static inline EVP_MD_CTX *ccrypto_sha256_copy(const EVP_MD_CTX *from) {
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    if (c != NULL && EVP_MD_CTX_copy_ex(c, from) != 1) { EVP_MD_CTX_free(c); c = NULL; }
    return c;
}

/* Feeds n bytes; 1 on success. */
static inline int ccrypto_sha256_update(EVP_MD_CTX *c, const void *bytes, size_t n) {
    return EVP_DigestUpdate(c, bytes, n);
}

/* Writes the 32-byte digest of everything fed to out; 1 on success. The context is
 * finished: it is freed after, not fed again (Caseflow finishes a copy). */
static inline int ccrypto_sha256_final(EVP_MD_CTX *c, unsigned char out[32]) {
    unsigned int n = 0;
    return EVP_DigestFinal_ex(c, out, &n) == 1 && n == 32;
}

static inline void ccrypto_free(EVP_MD_CTX *c) { EVP_MD_CTX_free(c); }

#endif
