/* sha.c - SHA-256 over OpenSSL EVP (sha.h). */
#include "sha.h"
#include "util.h"
#include <openssl/evp.h>
#include <pthread.h>
#include <stdlib.h>

struct ShaCtx {
  EVP_MD_CTX *md;
};

/* The SHA-256 implementation, fetched once: OpenSSL 3 looks a digest up
 * (under a lock) every time EVP_sha256() is used implicitly. */
static EVP_MD *sha_md;
static pthread_once_t sha_once = PTHREAD_ONCE_INIT;

static void sha_fetch(void) { sha_md = EVP_MD_fetch(NULL, "SHA256", NULL); }

static const EVP_MD *sha_impl(void) {
  pthread_once(&sha_once, sha_fetch);
  if (!sha_md) fatal("libcrypto: no SHA-256");
  return sha_md;
}

ShaCtx *sha_new(void) {
  ShaCtx *c = xmalloc(sizeof *c);
  c->md = EVP_MD_CTX_new();
  if (!c->md || EVP_DigestInit_ex(c->md, sha_impl(), NULL) != 1) fatal("libcrypto: cannot start SHA-256");
  return c;
}

void sha_update(ShaCtx *c, const void *p, size_t n) {
  if (n) EVP_DigestUpdate(c->md, p, n);
}

void sha_final(ShaCtx *c, unsigned char out[32]) {
  unsigned int len = 32;
  EVP_DigestFinal_ex(c->md, out, &len);
  EVP_DigestInit_ex(c->md, sha_impl(), NULL);
}

void sha_free(ShaCtx *c) {
  if (!c) return;
  EVP_MD_CTX_free(c->md);
  free(c);
}

void sha256(const void *p, size_t n, unsigned char out[32]) {
  unsigned int len = 32;
  if (EVP_Digest(p, n, out, &len, sha_impl(), NULL) != 1) fatal("libcrypto: SHA-256 failed");
}

void sha_hex(const unsigned char d[32], char out[65]) {
  static const char hex[] = "0123456789abcdef";
  for (int i = 0; i < 32; i++) {
    out[2 * i] = hex[d[i] >> 4];
    out[2 * i + 1] = hex[d[i] & 15];
  }
  out[64] = 0;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

int sha_from_hex(const char *hex, unsigned char out[32]) {
  for (int i = 0; i < 32; i++) {
    int hi = hexval(hex[2 * i]), lo = hi < 0 ? -1 : hexval(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return -1;
    out[i] = (unsigned char)(hi << 4 | lo);
  }
  return hex[64] == 0 ? 0 : -1;
}
