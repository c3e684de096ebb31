/* draft_mp4.c - reads what the draft edits need to know about an MP4 file
 * straight from its boxes, without starting ffprobe (which costs tens of
 * milliseconds a file, and scene edits look at every clip): the H.264 video
 * track's size, profile, codec parameters, frame count and rate, and
 * whether there is audio. Anything it does not fully understand makes it
 * give up, and the caller asks ffprobe instead (draft_probe). */
#include "draft.h"
#include "sha.h"
#include "util.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_MOOV (64u << 20)

/* A box inside the moov buffer: its payload. */
typedef struct Box {
  const unsigned char *p;
  size_t n;
} Box;

static uint32_t be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static uint16_t be16(const unsigned char *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint64_t be64(const unsigned char *p) { return (uint64_t)be32(p) << 32 | be32(p + 4); }

/* The first child of `in` of type t, from offset `from` (to find the next
 * one, pass the end of the previous). Returns 0 and the payload, or -1. */
static int find_box(Box in, const char *t, size_t *from, Box *out) {
  size_t off = from ? *from : 0;
  while (off + 8 <= in.n) {
    uint64_t size = be32(in.p + off);
    size_t head = 8;
    if (size == 1) {
      if (off + 16 > in.n) return -1;
      size = be64(in.p + off + 8);
      head = 16;
    } else if (size == 0) {
      size = in.n - off;
    }
    if (size < head || size > in.n - off) return -1;
    if (memcmp(in.p + off + 4, t, 4) == 0) {
      out->p = in.p + off + head;
      out->n = (size_t)size - head;
      if (from) *from = off + (size_t)size;
      return 0;
    }
    off += (size_t)size;
  }
  return -1;
}

/* Follows a path of box types, "mdia/minf/stbl". */
static int find_path(Box in, const char *path, Box *out) {
  Box cur = in;
  while (*path) {
    char t[5] = {0};
    memcpy(t, path, 4);
    if (find_box(cur, t, NULL, &cur) != 0) return -1;
    path += 4;
    if (*path == '/') path++;
  }
  *out = cur;
  return 0;
}

/* Reads the moov box of a file into memory. */
static unsigned char *read_moov(const char *path, size_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NULL;
  struct stat st;
  unsigned char *moov = NULL;
  if (fstat(fd, &st) == 0) {
    uint64_t off = 0, size = (uint64_t)st.st_size;
    unsigned char h[16];
    while (off + 8 <= size) {
      ssize_t got = pread(fd, h, 16, (off_t)off);
      if (got < 8) break;
      uint64_t bs = be32(h), head = 8;
      if (bs == 1) {
        if (got < 16) break;
        bs = be64(h + 8);
        head = 16;
      } else if (bs == 0) {
        bs = size - off;
      }
      if (bs < head || bs > size - off) break;
      if (memcmp(h + 4, "moov", 4) == 0) {
        if (bs - head > MAX_MOOV) break;
        *len = (size_t)(bs - head);
        moov = xmalloc(*len ? *len : 1);
        if (pread(fd, moov, *len, (off_t)(off + head)) != (ssize_t)*len) {
          free(moov);
          moov = NULL;
        }
        break;
      }
      off += bs;
    }
  }
  close(fd);
  return moov;
}

/* Timescale and duration from mdhd. */
static int media_header(Box mdia, uint32_t *timescale, uint64_t *duration) {
  Box mdhd;
  if (find_box(mdia, "mdhd", NULL, &mdhd) != 0 || mdhd.n < 24) return -1;
  if (mdhd.p[0] == 1) {
    if (mdhd.n < 36) return -1;
    *timescale = be32(mdhd.p + 20);
    *duration = be64(mdhd.p + 24);
  } else {
    *timescale = be32(mdhd.p + 12);
    *duration = be32(mdhd.p + 16);
  }
  return *timescale ? 0 : -1;
}

static unsigned long gcd(unsigned long a, unsigned long b) {
  while (b) {
    unsigned long t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/* The video track: avc1 with avcC, constant frame duration. */
static int video_track(Box mdia, MediaInfo *m) {
  uint32_t timescale;
  uint64_t duration;
  Box stbl, stsd, stts, stsz;
  if (media_header(mdia, &timescale, &duration) != 0) return -1;
  if (find_path(mdia, "minf/stbl", &stbl) != 0 || find_box(stbl, "stsd", NULL, &stsd) != 0 ||
      find_box(stbl, "stts", NULL, &stts) != 0 || find_box(stbl, "stsz", NULL, &stsz) != 0) {
    return -1;
  }
  /* stsd: version/flags, count, then one sample entry */
  if (stsd.n < 8 + 8 + 78 || be32(stsd.p + 4) != 1) return -1;
  const unsigned char *entry = stsd.p + 8;
  size_t entry_len = be32(entry);
  if (entry_len > stsd.n - 8 || entry_len < 8 + 78) return -1;
  if (memcmp(entry + 4, "avc1", 4) != 0) return -1;
  m->width = be16(entry + 8 + 24);
  m->height = be16(entry + 8 + 26);
  Box sample = {entry + 8 + 78, entry_len - 8 - 78}, avcc;
  if (find_box(sample, "avcC", NULL, &avcc) != 0 || avcc.n < 7) return -1;
  int profile = avcc.p[1], compat = avcc.p[2];
  const char *name = profile == 66 ? (compat & 0x40 ? "Constrained Baseline" : "Baseline")
                     : profile == 77 ? "Main"
                                     : NULL;
  if (!name) return -1; /* High and up: the pixel format needs the SPS; ask ffprobe */
  snprintf(m->vprofile, sizeof m->vprofile, "%s", name);
  snprintf(m->vcodec, sizeof m->vcodec, "h264");
  snprintf(m->pix_fmt, sizeof m->pix_fmt, "yuv420p");
  unsigned char d[32];
  char hex[65];
  sha256(avcc.p, avcc.n, d);
  sha_hex(d, hex);
  snprintf(m->vextradata, sizeof m->vextradata, "SHA256:%s", hex);
  /* stts: one run of equal durations, or the rate is not constant */
  if (stts.n < 8) return -1;
  uint32_t runs = be32(stts.p + 4);
  if (runs < 1 || stts.n < 8 + 8 * (size_t)runs) return -1;
  uint64_t frames = 0, ticks = 0;
  uint32_t delta = be32(stts.p + 12);
  for (uint32_t i = 0; i < runs; i++) {
    uint32_t count = be32(stts.p + 8 + 8 * i), dt = be32(stts.p + 12 + 8 * i);
    /* a last frame of another length is what muxers write at the end */
    if (dt != delta && !(i == runs - 1 && count == 1)) return -1;
    frames += count;
    ticks += (uint64_t)count * dt;
  }
  if (delta == 0 || stsz.n < 12 || be32(stsz.p + 8) != frames) return -1;
  unsigned long g = gcd(timescale, delta);
  m->fps_num = (int)(timescale / g);
  m->fps_den = (int)(delta / g);
  m->vframes = (long)frames;
  m->vduration = (double)ticks / timescale;
  m->has_video = true;
  return 0;
}

static void audio_track(Box mdia, MediaInfo *m) {
  uint32_t timescale;
  uint64_t duration;
  Box stsd;
  m->has_audio = true;
  if (media_header(mdia, &timescale, &duration) == 0) m->aduration = (double)duration / timescale;
  if (find_path(mdia, "minf/stbl/stsd", &stsd) != 0 || stsd.n < 8 + 8 + 28) return;
  const unsigned char *entry = stsd.p + 8;
  if (memcmp(entry + 4, "mp4a", 4) == 0) snprintf(m->acodec, sizeof m->acodec, "aac");
  /* channels stays 0 (unknown): the sample entry says 2 even for mono, the
   * truth is in the decoder config, and no edit needs it */
  m->sample_rate = (int)(be32(entry + 8 + 24) >> 16);
}

int draft_mp4_probe(const char *path, MediaInfo *m) {
  memset(m, 0, sizeof *m);
  size_t len = 0;
  unsigned char *moov = read_moov(path, &len);
  if (!moov) return -1;
  Box root = {moov, len}, trak;
  size_t from = 0;
  int rc = 0, videos = 0;
  while (rc == 0 && find_box(root, "trak", &from, &trak) == 0) {
    Box mdia, hdlr;
    if (find_box(trak, "mdia", NULL, &mdia) != 0 || find_box(mdia, "hdlr", NULL, &hdlr) != 0 || hdlr.n < 12) {
      rc = -1;
      break;
    }
    const unsigned char *type = hdlr.p + 8;
    if (memcmp(type, "vide", 4) == 0) {
      rc = videos++ ? -1 : video_track(mdia, m);
    } else if (memcmp(type, "soun", 4) == 0) {
      if (!m->has_audio) audio_track(mdia, m);
    } else if (memcmp(type, "sbtl", 4) == 0 || memcmp(type, "text", 4) == 0 || memcmp(type, "subt", 4) == 0) {
      m->nsubtitles++;
    }
  }
  free(moov);
  if (rc != 0 || !m->has_video) return -1;
  m->duration = m->vduration > m->aduration ? m->vduration : m->aduration;
  return 0;
}

int draft_probe(const JobCtx *ctx, const char *path, MediaInfo *m, JobResult *r) {
  if (draft_mp4_probe(path, m) == 0) return 0;
  return media_probe(ctx, path, m, r);
}
