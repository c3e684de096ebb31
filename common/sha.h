/* sha.h - SHA-256 through OpenSSL's libcrypto, with hex helpers. One
 * streaming context type so callers hash without building big strings. */
#ifndef STORYC_SHA_H
#define STORYC_SHA_H
#include <stddef.h>

typedef struct ShaCtx ShaCtx;

ShaCtx *sha_new(void);
void sha_update(ShaCtx *c, const void *p, size_t n);
/* Writes 32 bytes to out and resets the context for reuse. */
void sha_final(ShaCtx *c, unsigned char out[32]);
void sha_free(ShaCtx *c);

void sha256(const void *p, size_t n, unsigned char out[32]);
/* 64 lowercase hex digits and a NUL. */
void sha_hex(const unsigned char d[32], char out[65]);
/* Parses 64 hex digits; returns 0 on success, -1 otherwise. */
int sha_from_hex(const char *hex, unsigned char out[32]);

#endif
