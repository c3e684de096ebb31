/* draft_wav.c - 16-bit PCM WAV files for the draft backend: reading (the
 * voices espeak-ng writes), writing (voices, synthesized music), measuring a
 * duration from the header alone, and converting sample rate and channel
 * count by linear interpolation (22.05 kHz mono speech -> 48 kHz stereo). */
#include "draft.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct WavHeader {
  int rate, channels;
  off_t data_off;
  size_t data_len; /* bytes */
} WavHeader;

static unsigned rd16(const unsigned char *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }
static unsigned long rd32(const unsigned char *p) {
  return (unsigned long)p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 | (unsigned long)p[3] << 24;
}

/* Walks the RIFF chunks; returns 0 for a 16-bit PCM WAV, -1 otherwise. */
static int wav_header(int fd, WavHeader *h) {
  struct stat st;
  if (fstat(fd, &st) != 0) return -1;
  off_t size = st.st_size;
  unsigned char b[40];
  if (pread(fd, b, 12, 0) != 12 || memcmp(b, "RIFF", 4) != 0 || memcmp(b + 8, "WAVE", 4) != 0) return -1;
  off_t off = 12;
  int have_fmt = 0;
  while (off + 8 <= size) {
    if (pread(fd, b, 8, off) != 8) return -1;
    unsigned long len = rd32(b + 4);
    if (memcmp(b, "fmt ", 4) == 0) {
      if (len < 16 || pread(fd, b, 16, off + 8) != 16) return -1;
      unsigned tag = rd16(b);
      if (tag != 1 && tag != 0xFFFE) return -1; /* PCM or WAVE_FORMAT_EXTENSIBLE */
      h->channels = (int)rd16(b + 2);
      h->rate = (int)rd32(b + 4);
      if (rd16(b + 14) != 16 || h->channels < 1 || h->channels > 8 || h->rate < 1000 || h->rate > 384000) {
        return -1;
      }
      have_fmt = 1;
    } else if (memcmp(b, "data", 4) == 0) {
      if (!have_fmt) return -1;
      h->data_off = off + 8;
      off_t avail = size - h->data_off;
      /* Streaming writers leave 0 or 0xFFFFFFFF; trust the file size then. */
      if (len == 0 || len == 0xFFFFFFFFul || (off_t)len > avail) len = (unsigned long)avail;
      h->data_len = (size_t)len;
      return 0;
    }
    off += 8 + (off_t)len + (off_t)(len & 1);
  }
  return -1;
}

int draft_wav_read(const char *path, DraftWav *w, JobResult *r) {
  memset(w, 0, sizeof *w);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return job_fail(r, "cannot open %s: %s", path, strerror(errno));
  WavHeader h;
  if (wav_header(fd, &h) != 0) {
    close(fd);
    return job_fail(r, "%s: not a 16-bit PCM WAV file", path);
  }
  size_t frame_bytes = 2 * (size_t)h.channels;
  w->frames = h.data_len / frame_bytes;
  w->rate = h.rate;
  w->channels = h.channels;
  size_t n = w->frames * frame_bytes;
  unsigned char *raw = xmalloc(n);
  size_t got = 0;
  while (got < n) {
    ssize_t k = pread(fd, raw + got, n - got, h.data_off + (off_t)got);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) break;
    got += (size_t)k;
  }
  close(fd);
  if (got < n) {
    free(raw);
    return job_fail(r, "%s: truncated WAV data", path);
  }
  w->samples = xmalloc(n ? n : 2);
  for (size_t i = 0; i < n / 2; i++) w->samples[i] = (int16_t)rd16(raw + 2 * i);
  free(raw);
  return 0;
}

long draft_wav_duration_ms(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  WavHeader h;
  int rc = wav_header(fd, &h);
  close(fd);
  if (rc != 0) return -1;
  size_t frames = h.data_len / (2 * (size_t)h.channels);
  return (long)((frames * 1000 + (size_t)h.rate / 2) / (size_t)h.rate);
}

static void put16(unsigned char *p, unsigned v) {
  p[0] = (unsigned char)(v & 0xff);
  p[1] = (unsigned char)(v >> 8 & 0xff);
}

static void put32(unsigned char *p, unsigned long v) {
  for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i) & 0xff);
}

int draft_wav_header(unsigned char h[44], size_t frames, int rate, int channels) {
  size_t data = frames * (size_t)channels * 2;
  if (data > 0xFFFFFFFFul - 36) return -1;
  memcpy(h, "RIFF", 4);
  put32(h + 4, 36 + data);
  memcpy(h + 8, "WAVEfmt ", 8);
  put32(h + 16, 16);
  put16(h + 20, 1);
  put16(h + 22, (unsigned)channels);
  put32(h + 24, (unsigned long)rate);
  put32(h + 28, (unsigned long)rate * (unsigned long)channels * 2);
  put16(h + 32, (unsigned)channels * 2);
  put16(h + 34, 16);
  memcpy(h + 36, "data", 4);
  put32(h + 40, data);
  return 0;
}

void draft_wav_pack(const int16_t *samples, size_t n, unsigned char *out) {
  for (size_t i = 0; i < n; i++) put16(out + 2 * i, (uint16_t)samples[i]);
}

int draft_wav_write(const char *path, const int16_t *samples, size_t frames, int rate, int channels,
                    JobResult *r) {
  size_t n = frames * (size_t)channels;
  unsigned char *buf = xmalloc(44 + 2 * n);
  if (draft_wav_header(buf, frames, rate, channels) != 0) {
    free(buf);
    return job_fail(r, "%s: audio too long for a WAV file", path);
  }
  draft_wav_pack(samples, n, buf + 44);
  int rc = draft_write_file(path, buf, 44 + 2 * n, r);
  free(buf);
  return rc;
}

/* Sample of channel c at input frame i, mixing down or duplicating. */
static double sample_at(const DraftWav *in, size_t i, int c, int channels) {
  const int16_t *f = in->samples + i * (size_t)in->channels;
  if (in->channels == channels) return f[c];
  if (in->channels == 1) return f[0];
  if (channels == 1) {
    double s = 0;
    for (int k = 0; k < in->channels; k++) s += f[k];
    return s / in->channels;
  }
  return f[c < in->channels ? c : in->channels - 1];
}

int16_t *draft_wav_convert(const DraftWav *in, int rate, int channels, size_t *frames) {
  size_t n = in->frames == 0 ? 0 : (size_t)((double)in->frames * rate / in->rate + 0.5);
  int16_t *out = xmalloc((n ? n : 1) * (size_t)channels * sizeof *out);
  double step = (double)in->rate / rate;
  for (size_t o = 0; o < n; o++) {
    double pos = o * step;
    size_t i = (size_t)pos;
    double frac = pos - (double)i;
    if (i >= in->frames - 1) {
      i = in->frames - 1;
      frac = 0;
    }
    for (int c = 0; c < channels; c++) {
      double a = sample_at(in, i, c, channels);
      double b = frac > 0 ? sample_at(in, i + 1, c, channels) : a;
      double v = a + (b - a) * frac;
      if (v > 32767) v = 32767;
      if (v < -32768) v = -32768;
      out[o * (size_t)channels + (size_t)c] = (int16_t)(v < 0 ? v - 0.5 : v + 0.5);
    }
  }
  *frames = n;
  return out;
}

void draft_wav_free(DraftWav *w) {
  free(w->samples);
  w->samples = NULL;
  w->frames = 0;
}
