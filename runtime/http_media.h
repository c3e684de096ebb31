/* http_media.h - bytes in and out of the HTTP backends: base64 (standard
 * and URL-safe), data: URIs, and what kind of media a body is (from its
 * first bytes, so a JSON error from a binary endpoint is never stored as a
 * picture). */
#ifndef STORYC_HTTP_MEDIA_H
#define STORYC_HTTP_MEDIA_H
#include "buf.h"
#include <stdbool.h>
#include <stddef.h>

/* Appends the base64 of p (url: the URL-safe alphabet without padding). */
void b64_encode(const void *p, size_t n, bool url, Buf *out);
/* Decodes base64 in either alphabet; white space is skipped and padding is
 * optional. Returns 0, or -1 on a character outside the alphabet. */
int b64_decode(const char *s, size_t n, Buf *out);
/* The payload of "data:<type>;base64,<payload>": sets *payload and *len to
 * the base64 part; returns false when s is not such a URI. */
bool data_uri_payload(const char *s, const char **payload, size_t *len);

/* The file extension of the media in p ("png", "jpg", "webp", "gif", "mp4",
 * "mov", "webm", "mp3", "wav", "flac", "ogg", "m4a"), or NULL. */
const char *media_sniff(const unsigned char *p, size_t n);
/* The kind of media an extension is: 'i' image, 'v' video, 'a' audio, 0. */
char media_class(const char *ext);
/* The MIME type of an extension ("image/png"), "application/octet-stream"
 * when unknown. */
const char *media_mime(const char *ext);

#endif
