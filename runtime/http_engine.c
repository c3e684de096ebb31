/* http_engine.c - the one thread of the HTTP backends that owns a libcurl
 * multi handle (http_engine.h).
 *
 * http_engine_start() puts a Transfer (on the heap) on the incoming list and
 * wakes the engine through an eventfd when it sleeps; the engine calls the
 * caller's done function, on its own thread, when the answer is in, then
 * frees the Transfer. http_engine_perform() is start() plus a semaphore the
 * done function posts, for callers that block. The engine drives curl with
 * curl_multi_socket_action on an epoll set: each wake-up costs the sockets
 * that are ready, not a poll() of every open connection (64 of them in the
 * bench's load). The engine thread keeps every transfer it
 * knows in one list: waiting ones (a start time in the future: a delay or a
 * backoff) and active ones (an easy handle in the multi handle). Each turn of
 * its loop takes the incoming transfers, fails the cancelled and the late
 * ones, starts the due ones, lets curl work and finishes what curl reports
 * done: a redirect starts again at the new URL, a retryable failure of a
 * request with resends left waits for its backoff, anything else completes
 * and calls its done function. Done functions run on the engine thread with
 * no lock held: they may start the next request at once (it is taken before
 * the engine sleeps again, with no wake-up). */
#include "http_engine.h"
#include "buf.h"
#include "util.h"
#include <curl/curl.h>
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

enum {
  DEFAULT_MAX_BYTES = 64 << 20,
  ERROR_BODY_MAX = 64 << 10, /* kept of a non-2xx body of a save_to request */
  MAX_REDIRECTS = 5,
  CHECK_MS = 100,            /* cancel and deadline checks while transfers exist */
  FLUSH_EVERY = 16,          /* answers finished before the requests they started go out */
  SPARE_HANDLES = 256,
};

typedef struct Transfer {
  const HttpRequest *rq;
  HttpResponse *rs;
  char *url;                 /* current URL (changes on redirects), malloc'ed */
  int redirects;
  bool drop_headers;         /* a redirect left the origin */
  CURL *easy;                /* while active */
  struct curl_slist *hdrs;
  curl_mime *mime;
  FILE *file;                /* save_to, opened at the first body byte of a 2xx answer */
  Buf body;
  size_t received;
  long status;               /* of the answer being received (0: not known yet) */
  bool too_large, file_error;
  char content_type[96];
  long retry_after_ms;
  int64_t start_at;
  int resends;
  HttpDoneFn done;           /* called once, on the engine thread, when rs is filled */
  void *done_ud;
  bool refused;              /* the URL was refused before the start: complete with errbuf */
  struct Transfer *next;
  char errbuf[CURL_ERROR_SIZE];
} Transfer;

struct HttpEngine {
  pthread_t thread;
  pthread_mutex_t mu;
  Transfer *incoming; /* mu */
  bool stop;          /* mu */
  bool sleeping;      /* mu: in epoll_wait, so a new transfer needs a wakeup */
  int plugged;        /* mu: http_engine_plug depth: starts do not wake the engine */
  char ok_origin[256]; /* mu: "scheme://host[:port]" of the last URL http_url_allowed passed */
  bool wake_pending;  /* mu: a start found the engine asleep while plugged */
  CURLM *multi;
  int epfd;           /* the sockets curl asked to watch, and wakefd */
  int wakefd;         /* eventfd: written by callers to wake the engine */
  int64_t timer_at;   /* curl's timeout (monotonic ms), -1: none */
  Transfer *list;     /* engine thread only */
  CURL *spare[SPARE_HANDLES];
  size_t nspare;
  unsigned rng;
};

int64_t http_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

unsigned http_backoff_ms(unsigned base_ms, unsigned cap_ms, int n, double rnd) {
  if (!base_ms) base_ms = 1000;
  if (!cap_ms) cap_ms = 30000;
  double top = base_ms;
  for (int i = 1; i < n && top < cap_ms; i++) top *= 2;
  if (top > cap_ms) top = cap_ms;
  return (unsigned)(top * rnd);
}

long http_parse_retry_after(const char *value, time_t now) {
  if (!value) return -1;
  while (*value == ' ' || *value == '\t') value++;
  if (!*value) return -1;
  if (isdigit((unsigned char)*value)) {
    char *end;
    double s = strtod(value, &end);
    while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n') end++;
    if (*end || s < 0) return -1;
    if (s > 86400) s = 86400;
    return (long)(s * 1000);
  }
  time_t t = curl_getdate(value, NULL);
  if (t == (time_t)-1) return -1;
  double d = difftime(t, now);
  if (d < 0) d = 0;
  if (d > 86400) d = 86400;
  return (long)(d * 1000);
}

/* ---- URL policy ---- */

static bool host_is_loopback(const char *host) {
  if (strcasecmp(host, "localhost") == 0 || strcmp(host, "[::1]") == 0 || strcmp(host, "::1") == 0) return true;
  if (strncmp(host, "127.", 4) != 0) return false;
  int dots = 0;
  for (const char *p = host; *p; p++) {
    if (*p == '.') dots++;
    else if (!isdigit((unsigned char)*p)) return false;
  }
  return dots == 3;
}

/* Scheme and host of url (lowercase scheme), or -1. */
static int url_parts(const char *url, char **scheme, char **host, char **port) {
  CURLU *u = curl_url();
  if (!u) return -1;
  int rc = -1;
  *scheme = *host = NULL;
  if (port) *port = NULL;
  if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK && curl_url_get(u, CURLUPART_SCHEME, scheme, 0) == CURLUE_OK &&
      curl_url_get(u, CURLUPART_HOST, host, 0) == CURLUE_OK) {
    if (port) curl_url_get(u, CURLUPART_PORT, port, CURLU_DEFAULT_PORT);
    rc = 0;
  }
  curl_url_cleanup(u);
  if (rc != 0) {
    curl_free(*scheme);
    curl_free(*host);
    *scheme = *host = NULL;
  }
  return rc;
}

bool http_url_is_loopback(const char *url) {
  char *scheme, *host;
  if (url_parts(url, &scheme, &host, NULL) != 0) return false;
  bool lo = host_is_loopback(host);
  curl_free(scheme);
  curl_free(host);
  return lo;
}

bool http_url_allowed(const char *url, char *why, size_t n) {
  char *scheme, *host;
  if (!url || url_parts(url, &scheme, &host, NULL) != 0) {
    snprintf(why, n, "not a valid URL");
    return false;
  }
  bool ok = strcasecmp(scheme, "https") == 0 || (strcasecmp(scheme, "http") == 0 && host_is_loopback(host));
  if (!ok) {
    if (strcasecmp(scheme, "http") == 0)
      snprintf(why, n, "plain http to %s refused: only https, or http to this machine (127.0.0.1, localhost)", host);
    else
      snprintf(why, n, "scheme %s refused: only https", scheme);
  }
  curl_free(scheme);
  curl_free(host);
  return ok;
}

/* True when a and b have the same scheme, host and port. */
static bool same_origin(const char *a, const char *b) {
  char *sa, *ha, *pa, *sb, *hb, *pb;
  if (url_parts(a, &sa, &ha, &pa) != 0) return false;
  if (url_parts(b, &sb, &hb, &pb) != 0) {
    curl_free(sa);
    curl_free(ha);
    curl_free(pa);
    return false;
  }
  bool same = strcasecmp(sa, sb) == 0 && strcasecmp(ha, hb) == 0 && pa && pb && strcmp(pa, pb) == 0;
  curl_free(sa);
  curl_free(ha);
  curl_free(pa);
  curl_free(sb);
  curl_free(hb);
  curl_free(pb);
  return same;
}

/* ---- callbacks (engine thread) ---- */

static size_t on_header(char *p, size_t size, size_t n, void *ud) {
  Transfer *t = ud;
  size_t len = size * n;
  if (len >= 5 && memcmp(p, "HTTP/", 5) == 0) { /* a new answer (after 100 Continue, a redirect) */
    t->content_type[0] = 0;
    t->retry_after_ms = -1;
    t->status = 0;
    return len;
  }
  const char *colon = memchr(p, ':', len);
  if (!colon) return len;
  size_t nlen = (size_t)(colon - p);
  char value[256];
  const char *v = colon + 1;
  size_t vlen = len - nlen - 1;
  while (vlen && (*v == ' ' || *v == '\t')) v++, vlen--;
  while (vlen && (v[vlen - 1] == '\r' || v[vlen - 1] == '\n' || v[vlen - 1] == ' ')) vlen--;
  if (vlen >= sizeof value) vlen = sizeof value - 1;
  memcpy(value, v, vlen);
  value[vlen] = 0;
  if (nlen == 12 && strncasecmp(p, "content-type", 12) == 0) {
    size_t k = 0;
    for (; value[k] && value[k] != ';' && value[k] != ' ' && k + 1 < sizeof t->content_type; k++)
      t->content_type[k] = (char)tolower((unsigned char)value[k]);
    t->content_type[k] = 0;
  } else if (nlen == 11 && strncasecmp(p, "retry-after", 11) == 0) {
    t->retry_after_ms = http_parse_retry_after(value, time(NULL));
  }
  return len;
}

static size_t on_body(char *p, size_t size, size_t n, void *ud) {
  Transfer *t = ud;
  size_t len = size * n;
  if (!t->status) curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &t->status);
  size_t max = t->rq->max_bytes ? t->rq->max_bytes : DEFAULT_MAX_BYTES;
  if (t->received + len > max) {
    t->too_large = true;
    return 0;
  }
  t->received += len;
  bool to_file = t->rq->save_to && t->status >= 200 && t->status < 300;
  if (to_file) {
    if (!t->file) t->file = fopen(t->rq->save_to, "wb");
    if (!t->file || fwrite(p, 1, len, t->file) != len) {
      t->file_error = true;
      return 0;
    }
    t->rs->saved += len;
    return len;
  }
  if (t->rq->save_to && t->body.len >= ERROR_BODY_MAX) return len; /* keep the start of an error body */
  buf_append(&t->body, p, len);
  return len;
}

/* ---- transfers ---- */

/* A handle for a transfer: a kept one, or a new one given the options
 * every transfer shares (set once per handle, not per request: a reset and
 * these options cost about as much as the rest of a request's setup). */
static CURL *take_handle(HttpEngine *e) {
  if (e->nspare) return e->spare[--e->nspare];
  CURL *h = curl_easy_init();
  if (!h) return NULL;
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "storyc/1");
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  return h;
}

/* Keeps a handle for the next transfer. It is not reset (start() sets every
 * option a transfer may change); what pointed into the finished transfer
 * (headers, form, body, error buffer, the transfer itself) is cleared, so
 * the handle holds no dangling pointer. */
static void give_handle(HttpEngine *e, CURL *h) {
  if (!h) return;
  if (e->nspare < SPARE_HANDLES) {
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
    curl_easy_setopt(h, CURLOPT_MIMEPOST, NULL);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, NULL);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL);
    curl_easy_setopt(h, CURLOPT_PRIVATE, NULL);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, NULL);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, NULL);
    e->spare[e->nspare++] = h;
  } else {
    curl_easy_cleanup(h);
  }
}

static int build_mime(Transfer *t, CURL *h) {
  t->mime = curl_mime_init(h);
  for (size_t i = 0; i < t->rq->nparts; i++) {
    const HttpPart *p = &t->rq->parts[i];
    curl_mimepart *mp = curl_mime_addpart(t->mime);
    curl_mime_name(mp, p->name);
    if (p->path) {
      if (curl_mime_filedata(mp, p->path) != CURLE_OK) return -1;
      if (p->filename) curl_mime_filename(mp, p->filename);
      if (p->type) curl_mime_type(mp, p->type);
    } else {
      curl_mime_data(mp, p->value ? p->value : "", CURL_ZERO_TERMINATED);
    }
  }
  return 0;
}

/* Starts one attempt. Returns 0, or -1 with the response's error set. */
static int start(HttpEngine *e, Transfer *t) {
  const HttpRequest *rq = t->rq;
  buf_clear(&t->body);
  t->received = 0;
  t->rs->saved = 0;
  t->status = 0;
  t->too_large = t->file_error = false;
  t->content_type[0] = 0;
  t->retry_after_ms = -1;
  t->errbuf[0] = 0;
  if (t->file) {
    fclose(t->file);
    t->file = NULL;
  }
  CURL *h = take_handle(e);
  if (!h) {
    snprintf(t->rs->error, sizeof t->rs->error, "cannot make a curl handle");
    t->rs->err = HTTP_E_TRANSPORT;
    return -1;
  }
  t->easy = h;
  /* every option a transfer may change is set, to its default when unused:
   * the handle is not reset between transfers */
  curl_easy_setopt(h, CURLOPT_URL, t->url);
  curl_easy_setopt(h, CURLOPT_PRIVATE, t);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, rq->connect_timeout_ms > 0 ? rq->connect_timeout_ms : 10000L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, rq->timeout_ms > 0 ? rq->timeout_ms : 60000L);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, rq->low_speed_s > 0 ? (rq->low_speed_bytes > 0 ? rq->low_speed_bytes : 1L) : 0L);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, rq->low_speed_s > 0 ? rq->low_speed_s : 0L);
  size_t max = rq->max_bytes ? rq->max_bytes : DEFAULT_MAX_BYTES;
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, t->errbuf);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, t);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, t);
  if (!t->hdrs) {
    if (!t->drop_headers)
      for (size_t i = 0; i < rq->nheaders; i++) t->hdrs = curl_slist_append(t->hdrs, rq->headers[i]);
    t->hdrs = curl_slist_append(t->hdrs, "Expect:");
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, t->hdrs);
  const char *method = rq->method ? rq->method : "GET";
  if (strcmp(method, "GET") == 0 || t->redirects > 0) {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else {
    if (rq->nparts) {
      curl_mime_free(t->mime); /* made again for each attempt, on this handle */
      t->mime = NULL;
      if (build_mime(t, h) != 0) {
        snprintf(t->rs->error, sizeof t->rs->error, "cannot read a file to upload");
        t->rs->err = HTTP_E_FILE;
        give_handle(e, h);
        t->easy = NULL;
        return -1;
      }
      curl_easy_setopt(h, CURLOPT_MIMEPOST, t->mime);
    } else {
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(rq->body ? rq->body_len : 0));
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, rq->body ? rq->body : "");
    }
  }
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST,
                   strcmp(method, "GET") == 0 || strcmp(method, "POST") == 0 || t->redirects > 0 ? NULL : method);
  if (curl_multi_add_handle(e->multi, h) != CURLM_OK) {
    snprintf(t->rs->error, sizeof t->rs->error, "cannot start the transfer");
    t->rs->err = HTTP_E_TRANSPORT;
    give_handle(e, h);
    t->easy = NULL;
    return -1;
  }
  return 0;
}

static void unlink_transfer(HttpEngine *e, Transfer *t) {
  for (Transfer **pp = &e->list; *pp; pp = &(*pp)->next) {
    if (*pp == t) {
      *pp = t->next;
      return;
    }
  }
}

static void stop_active(HttpEngine *e, Transfer *t) {
  if (!t->easy) return;
  curl_multi_remove_handle(e->multi, t->easy);
  give_handle(e, t->easy);
  t->easy = NULL;
}

/* Hands the result to the caller and forgets t. */
static void complete(HttpEngine *e, Transfer *t, HttpErr err, const char *msg) {
  stop_active(e, t);
  unlink_transfer(e, t);
  HttpResponse *rs = t->rs;
  if (t->file) {
    if (fclose(t->file) != 0 && err == HTTP_OK) {
      err = HTTP_E_FILE;
      msg = "cannot write the download";
    }
    t->file = NULL;
  }
  rs->err = err;
  if (msg && msg != rs->error && err != HTTP_OK) snprintf(rs->error, sizeof rs->error, "%s", msg); /* start() may have written it there */
  rs->status = t->status;
  memcpy(rs->content_type, t->content_type, sizeof rs->content_type);
  rs->retry_after_ms = t->retry_after_ms;
  rs->tries = t->resends + 1;
  rs->len = t->body.len;
  rs->body = t->body.data ? buf_take(&t->body) : xstrdup("");
  curl_slist_free_all(t->hdrs);
  t->hdrs = NULL;
  curl_mime_free(t->mime);
  t->mime = NULL;
  HttpDoneFn done = t->done;
  void *ud = t->done_ud;
  buf_free(&t->body);
  free(t->url);
  free(t);
  done(ud);
}

static double rnd01(HttpEngine *e) {
  e->rng = e->rng * 1103515245u + 12345u;
  return (double)((e->rng >> 8) & 0xffffff) / (double)0x1000000;
}

/* A redirect: checks the new URL and starts again. Returns true when t was
 * restarted (or completed with an error). */
static bool follow_redirect(HttpEngine *e, Transfer *t) {
  char *loc = NULL;
  curl_easy_getinfo(t->easy, CURLINFO_REDIRECT_URL, &loc);
  if (!loc || !*loc) return false;
  char why[200];
  if (t->redirects >= MAX_REDIRECTS) {
    complete(e, t, HTTP_E_URL, "too many redirects");
    return true;
  }
  if (!http_url_allowed(loc, why, sizeof why)) {
    char msg[256];
    snprintf(msg, sizeof msg, "redirect refused: %s", why);
    complete(e, t, HTTP_E_URL, msg);
    return true;
  }
  char *next = xstrdup(loc);
  if (!same_origin(t->url, next) && !t->drop_headers) {
    t->drop_headers = true;
    curl_slist_free_all(t->hdrs);
    t->hdrs = NULL;
  }
  stop_active(e, t);
  free(t->url);
  t->url = next;
  t->redirects++;
  if (start(e, t) != 0) complete(e, t, t->rs->err, t->rs->error);
  return true;
}

/* curl says an attempt of t ended. */
static void finished(HttpEngine *e, Transfer *t, CURLcode rc) {
  const HttpRequest *rq = t->rq;
  curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &t->status);
  long reqsize = 0;
  curl_easy_getinfo(t->easy, CURLINFO_REQUEST_SIZE, &reqsize);
  if (reqsize > 0) t->rs->sent = true;
  if (t->too_large || rc == CURLE_FILESIZE_EXCEEDED) {
    char msg[128];
    snprintf(msg, sizeof msg, "the answer is larger than %zu bytes", rq->max_bytes ? rq->max_bytes : (size_t)DEFAULT_MAX_BYTES);
    complete(e, t, HTTP_E_TOO_LARGE, msg);
    return;
  }
  if (t->file_error) {
    complete(e, t, HTTP_E_FILE, "cannot write the download");
    return;
  }
  HttpErr err = HTTP_OK;
  char msg[256] = "";
  bool retryable;
  if (rc != CURLE_OK) {
    err = rc == CURLE_OPERATION_TIMEDOUT ? HTTP_E_TIMEOUT : HTTP_E_TRANSPORT;
    snprintf(msg, sizeof msg, "%s", t->errbuf[0] ? t->errbuf : curl_easy_strerror(rc));
    retryable = true;
  } else {
    if (t->status >= 300 && t->status < 400 && t->status != 304 && follow_redirect(e, t)) return;
    retryable = t->status == 408 || t->status == 429 || t->status >= 500;
  }
  if (retryable && t->resends < rq->retries) {
    int64_t now = http_now_ms();
    unsigned cap = rq->retry_after_cap_ms ? rq->retry_after_cap_ms : 120000;
    long delay = t->retry_after_ms >= 0 && err == HTTP_OK
                     ? (t->retry_after_ms > (long)cap ? (long)cap : t->retry_after_ms)
                     : (long)http_backoff_ms(rq->backoff_base_ms, rq->backoff_cap_ms, t->resends + 1, rnd01(e));
    if (!rq->deadline_ms || now + delay < rq->deadline_ms) {
      stop_active(e, t);
      t->resends++;
      t->start_at = now + delay;
      return;
    }
  }
  complete(e, t, err, msg);
}

/* ---- the loop ---- */

static void take_incoming(HttpEngine *e) {
  pthread_mutex_lock(&e->mu);
  Transfer *in = e->incoming;
  e->incoming = NULL;
  pthread_mutex_unlock(&e->mu);
  while (in) {
    Transfer *next = in->next;
    in->next = e->list;
    e->list = in;
    in = next;
  }
}

/* Fails cancelled and late transfers, starts due ones; returns the time
 * until the next start (or CHECK_MS). */
static long tend(HttpEngine *e) {
  int64_t now = http_now_ms();
  long wait = e->list ? CHECK_MS : 1000;
  Transfer *t = e->list;
  while (t) {
    Transfer *next = t->next;
    const HttpRequest *rq = t->rq;
    if (t->refused) {
      complete(e, t, HTTP_E_URL, t->errbuf); /* read into rs before t is freed */
    } else if (rq->cancel && *rq->cancel) {
      complete(e, t, HTTP_E_CANCELLED, "cancelled");
    } else if (rq->deadline_ms && now >= rq->deadline_ms) {
      complete(e, t, HTTP_E_DEADLINE, "the job's deadline passed");
    } else if (!t->easy) {
      if (t->start_at <= now) {
        if (start(e, t) != 0) complete(e, t, t->rs->err, t->rs->error);
      } else if (t->start_at - now < wait) {
        wait = (long)(t->start_at - now);
      }
    }
    t = next;
  }
  return wait;
}

/* curl: watch (or stop watching) socket s. */
static int on_socket(CURL *easy, curl_socket_t s, int what, void *ud, void *socketp) {
  (void)easy;
  HttpEngine *e = ud;
  if (what == CURL_POLL_REMOVE) { /* curl forgets socketp with it */
    epoll_ctl(e->epfd, EPOLL_CTL_DEL, s, NULL);
    return 0;
  }
  struct epoll_event ev = {0};
  ev.events = (what & CURL_POLL_IN ? EPOLLIN : 0u) | (what & CURL_POLL_OUT ? EPOLLOUT : 0u);
  ev.data.fd = s;
  if (socketp) { /* watched already: a change of events */
    if (epoll_ctl(e->epfd, EPOLL_CTL_MOD, s, &ev) != 0 && errno == ENOENT) epoll_ctl(e->epfd, EPOLL_CTL_ADD, s, &ev);
  } else {
    if (epoll_ctl(e->epfd, EPOLL_CTL_ADD, s, &ev) != 0 && errno == EEXIST) epoll_ctl(e->epfd, EPOLL_CTL_MOD, s, &ev);
    curl_multi_assign(e->multi, s, e);
  }
  return 0;
}

/* curl: call socket_action(CURL_SOCKET_TIMEOUT) in timeout_ms (-1: never). */
static int on_timer(CURLM *multi, long timeout_ms, void *ud) {
  (void)multi;
  HttpEngine *e = ud;
  e->timer_at = timeout_ms < 0 ? -1 : http_now_ms() + timeout_ms;
  return 0;
}

/* Finishes what curl reports done. */
static void take_incoming(HttpEngine *e);
static long tend(HttpEngine *e);
static void run_timer(HttpEngine *e);

/* Finishes what curl reports done. The requests their done functions start
 * go out every FLUSH_EVERY answers, not only after the whole wave: the
 * first jobs of a wave of 64 do not wait for the other 63 to be stored (a
 * few milliseconds per wave, which add up over a build), while requests
 * still leave in groups (one engine wake-up per group of answers). */
static void read_done(HttpEngine *e) {
  CURLMsg *m;
  int left, n = 0;
  while ((m = curl_multi_info_read(e->multi, &left))) {
    if (m->msg != CURLMSG_DONE) continue;
    Transfer *t = NULL;
    curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&t);
    if (t) finished(e, t, m->data.result);
    if (++n % FLUSH_EVERY == 0) {
      take_incoming(e);
      tend(e);
      run_timer(e);
    }
  }
}

/* Runs curl's timeout when it is due. */
static void run_timer(HttpEngine *e) {
  if (e->timer_at < 0 || e->timer_at > http_now_ms()) return;
  e->timer_at = -1;
  int running = 0;
  curl_multi_socket_action(e->multi, CURL_SOCKET_TIMEOUT, 0, &running);
}

static void *engine_main(void *arg) {
  HttpEngine *e = arg;
  enum { MAX_EVENTS = 64 };
  struct epoll_event evs[MAX_EVENTS];
  for (;;) {
    pthread_mutex_lock(&e->mu);
    bool stop = e->stop;
    pthread_mutex_unlock(&e->mu);
    take_incoming(e);
    if (stop) {
      while (e->list) complete(e, e->list, HTTP_E_CANCELLED, "cancelled");
      break;
    }
    long wait = tend(e);
    run_timer(e);
    read_done(e);
    /* finished() may have scheduled resends: look again before sleeping */
    long w2 = tend(e);
    if (w2 < wait) wait = w2;
    if (e->timer_at >= 0) {
      int64_t left = e->timer_at - http_now_ms();
      if (left < wait) wait = (long)left;
    }
    if (wait < 0) wait = 0;
    /* callers wake the engine only while it sleeps (one syscall saved per
     * request when it is busy); one that came in meanwhile is taken now */
    pthread_mutex_lock(&e->mu);
    bool more = e->incoming || e->stop;
    e->sleeping = !more;
    pthread_mutex_unlock(&e->mu);
    int n = more ? 0 : epoll_wait(e->epfd, evs, MAX_EVENTS, (int)wait);
    pthread_mutex_lock(&e->mu);
    e->sleeping = false;
    pthread_mutex_unlock(&e->mu);
    for (int i = 0; i < n; i++) {
      if (evs[i].data.fd == e->wakefd) {
        uint64_t v;
        ssize_t r = read(e->wakefd, &v, sizeof v);
        (void)r;
        continue;
      }
      int flags = (evs[i].events & EPOLLIN ? CURL_CSELECT_IN : 0) | (evs[i].events & EPOLLOUT ? CURL_CSELECT_OUT : 0) |
                  (evs[i].events & (EPOLLERR | EPOLLHUP) ? CURL_CSELECT_ERR : 0);
      int running = 0;
      curl_multi_socket_action(e->multi, evs[i].data.fd, flags, &running);
    }
    if (n > 0) read_done(e);
  }
  return NULL;
}

static void wake(HttpEngine *e) {
  uint64_t one = 1;
  ssize_t w = write(e->wakefd, &one, sizeof one);
  (void)w;
}

static void global_init(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

HttpEngine *http_engine_new(void) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, global_init);
  HttpEngine *e = xcalloc(1, sizeof *e);
  pthread_mutex_init(&e->mu, NULL);
  e->multi = curl_multi_init();
  e->rng = (unsigned)http_now_ms() ^ (unsigned)getpid() * 2654435761u;
  e->timer_at = -1;
  e->epfd = epoll_create1(EPOLL_CLOEXEC);
  e->wakefd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  struct epoll_event ev = {.events = EPOLLIN, .data.fd = e->wakefd};
  if (!e->multi || e->epfd < 0 || e->wakefd < 0 || epoll_ctl(e->epfd, EPOLL_CTL_ADD, e->wakefd, &ev) != 0) {
    fprintf(stderr, "storyc: cannot set up libcurl\n");
    goto fail;
  }
  curl_multi_setopt(e->multi, CURLMOPT_SOCKETFUNCTION, on_socket);
  curl_multi_setopt(e->multi, CURLMOPT_SOCKETDATA, e);
  curl_multi_setopt(e->multi, CURLMOPT_TIMERFUNCTION, on_timer);
  curl_multi_setopt(e->multi, CURLMOPT_TIMERDATA, e);
  if (pthread_create(&e->thread, NULL, engine_main, e) != 0) {
    fprintf(stderr, "storyc: cannot start the HTTP thread\n");
    goto fail;
  }
  return e;
fail:
  if (e->multi) curl_multi_cleanup(e->multi);
  if (e->epfd >= 0) close(e->epfd);
  if (e->wakefd >= 0) close(e->wakefd);
  pthread_mutex_destroy(&e->mu);
  free(e);
  return NULL;
}

void http_engine_free(HttpEngine *e) {
  if (!e) return;
  pthread_mutex_lock(&e->mu);
  e->stop = true;
  pthread_mutex_unlock(&e->mu);
  wake(e);
  pthread_join(e->thread, NULL);
  for (size_t i = 0; i < e->nspare; i++) curl_easy_cleanup(e->spare[i]);
  curl_multi_cleanup(e->multi);
  close(e->epfd);
  close(e->wakefd);
  pthread_mutex_destroy(&e->mu);
  free(e);
}

/* The length of url's "scheme://host[:port]", or 0. */
static size_t origin_len(const char *url) {
  const char *s = strstr(url, "://");
  if (!s) return 0;
  size_t n = (size_t)(s + 3 - url) + strcspn(s + 3, "/?#");
  return n < 256 ? n : 0;
}

/* http_url_allowed, parsed once per origin: a URL that starts with the
 * origin of the last one allowed, followed by '/', '?' or its end, has the
 * same scheme and host (the URL parse cost about 1 us per request). */
static bool url_allowed_cached(HttpEngine *e, const char *url, char *why, size_t n) {
  pthread_mutex_lock(&e->mu);
  size_t k = strlen(e->ok_origin);
  bool same = k && strncmp(url, e->ok_origin, k) == 0 && (url[k] == '/' || url[k] == '?' || url[k] == 0);
  pthread_mutex_unlock(&e->mu);
  if (same) return true;
  if (!http_url_allowed(url, why, n)) return false;
  size_t o = origin_len(url);
  if (o && !memchr(url, '@', o)) {
    pthread_mutex_lock(&e->mu);
    memcpy(e->ok_origin, url, o);
    e->ok_origin[o] = 0;
    pthread_mutex_unlock(&e->mu);
  }
  return true;
}

void http_engine_start(HttpEngine *e, const HttpRequest *rq, HttpResponse *rs, HttpDoneFn done, void *ud) {
  memset(rs, 0, sizeof *rs);
  rs->retry_after_ms = -1;
  Transfer *t = xcalloc(1, sizeof *t);
  t->rq = rq;
  t->rs = rs;
  t->url = xstrdup(rq->url);
  t->retry_after_ms = -1;
  t->start_at = http_now_ms() + rq->delay_ms;
  t->done = done;
  t->done_ud = ud;
  /* a refused URL fails on the engine thread too: done never runs before
   * this returns */
  t->refused = !url_allowed_cached(e, rq->url, t->errbuf, sizeof t->errbuf);
  pthread_mutex_lock(&e->mu);
  if (e->stop) { /* only at the very end of a build: nothing is waiting for the engine */
    pthread_mutex_unlock(&e->mu);
    rs->err = HTTP_E_CANCELLED;
    snprintf(rs->error, sizeof rs->error, "cancelled");
    rs->body = xstrdup("");
    free(t->url);
    free(t);
    done(ud);
    return;
  }
  t->next = e->incoming;
  e->incoming = t;
  if (e->sleeping && e->plugged) {
    e->wake_pending = true;
  } else if (e->sleeping) { /* not when the engine is awake: it looks at incoming before it sleeps */
    e->sleeping = false;
    wake(e);
  }
  pthread_mutex_unlock(&e->mu);
}

void http_engine_plug(HttpEngine *e, bool on) {
  pthread_mutex_lock(&e->mu);
  if (on) {
    e->plugged++;
  } else if (e->plugged > 0 && --e->plugged == 0 && e->wake_pending) {
    e->wake_pending = false;
    if (e->sleeping) {
      e->sleeping = false;
      wake(e);
    }
  }
  pthread_mutex_unlock(&e->mu);
}

static void post_waiter(void *ud) { sem_post(ud); }

int http_engine_perform(HttpEngine *e, const HttpRequest *rq, HttpResponse *rs) {
  sem_t done;
  sem_init(&done, 0, 0);
  http_engine_start(e, rq, rs, post_waiter, &done);
  while (sem_wait(&done) != 0) {
  }
  sem_destroy(&done);
  return rs->err == HTTP_OK ? 0 : -1;
}

void http_response_free(HttpResponse *rs) {
  free(rs->body);
  rs->body = NULL;
  rs->len = 0;
}
