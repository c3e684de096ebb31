/* http_engine.h - the transport of the HTTP backends: one thread that owns a
 * libcurl multi handle and carries out the requests of every job in flight.
 *
 * A backend fills an HttpRequest and calls http_engine_start(), which hands
 * it to the engine thread and returns at once; the engine calls the given
 * done function on its own thread when the answer is in (a job can go on
 * from there, with no hand-off to another thread). http_engine_perform() is
 * the blocking form, for code on a worker thread. The engine multiplexes
 * all transfers with curl_multi_socket_action on epoll, starts delayed
 * requests when they are due (poll intervals, backoff), and resends
 * idempotent requests (polls, downloads) on 408/429/5xx and transport errors
 * with capped exponential backoff and full jitter, honouring Retry-After.
 * Requests that must not be resent blindly (a submit) have retries = 0: the
 * caller decides from HttpResponse.sent whether a failure was ambiguous.
 *
 * Rules it enforces for every request: https only, except to loopback
 * addresses (127.0.0.0/8, localhost, [::1]); TLS verification always on;
 * answers larger than max_bytes abort; redirects are followed by hand (at
 * most 5, each checked by the same rule) and headers are dropped when a
 * redirect leaves the origin, so a key never goes to another host. Headers
 * may carry secrets: the engine never logs or copies them into messages. */
#ifndef STORYC_HTTP_ENGINE_H
#define STORYC_HTTP_ENGINE_H
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

typedef struct HttpEngine HttpEngine;

/* One part of a multipart/form-data body: a text field or a file. */
typedef struct HttpPart {
  const char *name;     /* form field name */
  const char *value;    /* text value (NULL for a file part) */
  const char *path;     /* file to send (NULL for a text part) */
  const char *filename; /* name reported for a file part; NULL: basename of path */
  const char *type;     /* content type of a file part; NULL: curl's guess */
} HttpPart;

typedef struct HttpRequest {
  const char *method;          /* "GET", "POST", ... */
  const char *url;
  const char *const *headers;  /* "Name: value" lines; never logged */
  size_t nheaders;
  const char *body;            /* request body (NULL: none) */
  size_t body_len;
  const HttpPart *parts;       /* multipart body instead of body */
  size_t nparts;
  const char *save_to;         /* write the body of a 2xx answer to this file, not to memory */
  size_t max_bytes;            /* larger answers fail with HTTP_E_TOO_LARGE (0: 64 MiB) */
  long connect_timeout_ms;     /* 0: 10 s */
  long timeout_ms;             /* one attempt, whole; 0: 60 s */
  long low_speed_bytes;        /* abort an attempt slower than this many bytes/s ... */
  long low_speed_s;            /* ... for this many seconds (0: no such check) */
  unsigned delay_ms;           /* start no earlier than this */
  int retries;                 /* resends on 408/429/5xx/transport errors (0: none) */
  unsigned backoff_base_ms;    /* first backoff (0: 1000) */
  unsigned backoff_cap_ms;     /* largest backoff (0: 30000) */
  unsigned retry_after_cap_ms; /* longest Retry-After honoured in the engine (0: 120000) */
  int64_t deadline_ms;         /* absolute, http_now_ms() clock; 0: none */
  volatile sig_atomic_t *cancel; /* set: stop at once (HTTP_E_CANCELLED) */
} HttpRequest;

typedef enum HttpErr {
  HTTP_OK,          /* an answer arrived (any status) */
  HTTP_E_TRANSPORT, /* connection failed or broke off */
  HTTP_E_TIMEOUT,   /* no (complete) answer in time */
  HTTP_E_TOO_LARGE, /* the answer was over max_bytes */
  HTTP_E_CANCELLED,
  HTTP_E_DEADLINE,  /* the job's deadline passed */
  HTTP_E_URL,       /* the URL is refused (not https, malformed) */
  HTTP_E_FILE,      /* save_to cannot be written */
} HttpErr;

typedef struct HttpResponse {
  HttpErr err;
  long status;           /* HTTP status of the last answer, 0 when none */
  char *body;            /* malloc'ed, NUL-terminated; only the error body when saved to a file */
  size_t len;
  size_t saved;          /* bytes written to save_to */
  char content_type[96]; /* lowercase, without parameters */
  long retry_after_ms;   /* from Retry-After, -1 when absent */
  bool sent;             /* the request went out (so a failure after it is ambiguous) */
  int tries;             /* attempts made */
  char error[256];       /* what went wrong, when err != HTTP_OK; never holds a header */
} HttpResponse;

/* Starts the engine thread. Returns NULL (and prints why) when libcurl
 * cannot be set up. */
HttpEngine *http_engine_new(void);
/* Stops the thread (requests still in flight fail as cancelled) and frees. */
void http_engine_free(HttpEngine *e);

typedef void (*HttpDoneFn)(void *ud);

/* Starts rq on the engine thread and returns at once. rq and everything it
 * points to must stay valid until done(ud) is called: once, on the engine
 * thread, never before this returns, when *rs is filled (free it with
 * http_response_free). done may start further requests; it should not
 * block for long (every transfer waits meanwhile). */
void http_engine_start(HttpEngine *e, const HttpRequest *rq, HttpResponse *rs, HttpDoneFn done, void *ud);

/* Plugs (on) or unplugs the engine, like a disk queue: while it is plugged,
 * starts do not wake it; the last unplug does, once. A thread that starts
 * many requests in a row plugs around them, so that they go out together
 * and their answers come back together: one wake-up of the engine per wave,
 * not one per request (each costs more CPU than a request's own work).
 * Nests; any thread. */
void http_engine_plug(HttpEngine *e, bool on);

/* Carries out rq on the engine thread and waits for it (not on the engine
 * thread: from a done function, use start). Always fills *rs (free it with
 * http_response_free). Returns 0 when an answer arrived (rs->err ==
 * HTTP_OK, any status), -1 otherwise. */
int http_engine_perform(HttpEngine *e, const HttpRequest *rq, HttpResponse *rs);
void http_response_free(HttpResponse *rs);

/* Monotonic milliseconds (the clock of deadline_ms). */
int64_t http_now_ms(void);

/* Whether the engine may talk to url: https, or http to a loopback host.
 * On refusal writes why to why (size n) and returns false. */
bool http_url_allowed(const char *url, char *why, size_t n);
/* True when url's host is a loopback address. */
bool http_url_is_loopback(const char *url);

/* A Retry-After value (seconds, or an HTTP date relative to now) in
 * milliseconds; -1 when it is neither. */
long http_parse_retry_after(const char *value, time_t now);

/* Full-jitter backoff before resend number n (1 = first resend): uniform in
 * [0, min(cap, base * 2^(n-1))]; rnd in [0, 1). */
unsigned http_backoff_ms(unsigned base_ms, unsigned cap_ms, int n, double rnd);

#endif
