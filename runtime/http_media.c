/* http_media.c - base64, data: URIs and media sniffing (http_media.h). */
#include "http_media.h"
#include <string.h>
#include <strings.h>

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char B64URL[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void b64_encode(const void *data, size_t n, bool url, Buf *out) {
  const unsigned char *p = data;
  const char *a = url ? B64URL : B64;
  buf_reserve(out, (n + 2) / 3 * 4 + 1);
  size_t i = 0;
  char q[4];
  for (; i + 3 <= n; i += 3) {
    unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
    q[0] = a[v >> 18], q[1] = a[(v >> 12) & 63], q[2] = a[(v >> 6) & 63], q[3] = a[v & 63];
    buf_append(out, q, 4);
  }
  if (i < n) {
    unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0);
    q[0] = a[v >> 18], q[1] = a[(v >> 12) & 63];
    q[2] = i + 1 < n ? a[(v >> 6) & 63] : '=';
    q[3] = '=';
    size_t k = url ? (i + 1 < n ? 3 : 2) : 4;
    buf_append(out, q, k);
  }
  if (!out->data) buf_puts(out, "");
}

static int b64_value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

int b64_decode(const char *s, size_t n, Buf *out) {
  buf_reserve(out, n / 4 * 3 + 4);
  unsigned acc = 0;
  int bits = 0;
  bool pad = false;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '=') {
      pad = true;
      continue;
    }
    int v = b64_value(c);
    if (v < 0 || pad) return -1;
    acc = acc << 6 | (unsigned)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      char b = (char)((acc >> bits) & 0xff);
      buf_append(out, &b, 1);
    }
  }
  if (!out->data) buf_puts(out, "");
  return 0;
}

bool data_uri_payload(const char *s, const char **payload, size_t *len) {
  if (strncasecmp(s, "data:", 5) != 0) return false;
  const char *comma = strchr(s, ',');
  if (!comma) return false;
  size_t head = (size_t)(comma - s);
  if (head < 7 || strncasecmp(comma - 7, ";base64", 7) != 0) return false;
  *payload = comma + 1;
  *len = strlen(comma + 1);
  return true;
}

const char *media_sniff(const unsigned char *p, size_t n) {
  if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0) return "png";
  if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff) return "jpg";
  if (n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0) return "webp";
  if (n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WAVE", 4) == 0) return "wav";
  if (n >= 6 && (memcmp(p, "GIF87a", 6) == 0 || memcmp(p, "GIF89a", 6) == 0)) return "gif";
  if (n >= 12 && memcmp(p + 4, "ftyp", 4) == 0) {
    if (memcmp(p + 8, "qt  ", 4) == 0) return "mov";
    if (memcmp(p + 8, "M4A ", 4) == 0) return "m4a";
    return "mp4";
  }
  if (n >= 4 && memcmp(p, "\x1a\x45\xdf\xa3", 4) == 0) return "webm";
  if (n >= 4 && memcmp(p, "fLaC", 4) == 0) return "flac";
  if (n >= 4 && memcmp(p, "OggS", 4) == 0) return "ogg";
  if (n >= 3 && memcmp(p, "ID3", 3) == 0) return "mp3";
  if (n >= 2 && p[0] == 0xff && (p[1] & 0xe0) == 0xe0 && (p[1] & 0x06) != 0) return "mp3";
  return NULL;
}

char media_class(const char *ext) {
  static const char *const img[] = {"png", "jpg", "jpeg", "webp", "gif"};
  static const char *const vid[] = {"mp4", "mov", "webm"};
  static const char *const aud[] = {"mp3", "wav", "flac", "ogg", "m4a", "aac", "opus"};
  if (!ext) return 0;
  for (size_t i = 0; i < sizeof img / sizeof img[0]; i++)
    if (strcasecmp(ext, img[i]) == 0) return 'i';
  for (size_t i = 0; i < sizeof vid / sizeof vid[0]; i++)
    if (strcasecmp(ext, vid[i]) == 0) return 'v';
  for (size_t i = 0; i < sizeof aud / sizeof aud[0]; i++)
    if (strcasecmp(ext, aud[i]) == 0) return 'a';
  return 0;
}

const char *media_mime(const char *ext) {
  static const char *const map[][2] = {
      {"png", "image/png"},   {"jpg", "image/jpeg"},  {"jpeg", "image/jpeg"}, {"webp", "image/webp"},
      {"gif", "image/gif"},   {"mp4", "video/mp4"},   {"mov", "video/quicktime"}, {"webm", "video/webm"},
      {"mp3", "audio/mpeg"},  {"wav", "audio/wav"},   {"flac", "audio/flac"}, {"ogg", "audio/ogg"},
      {"m4a", "audio/mp4"},
  };
  if (ext)
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
      if (strcasecmp(ext, map[i][0]) == 0) return map[i][1];
  return "application/octet-stream";
}
