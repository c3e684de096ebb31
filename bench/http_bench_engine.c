/* http_bench_engine.c - the HTTP engine alone under the load of
 * bench/http_bench.py: N requests from L worker threads (as the scheduler's
 * pool of a backend with limit L would make them) through one engine, with
 * no cache, plan or job files around them. Prints the wall and CPU time of
 * the whole process so that bench/http_bench.py can tell the transport's
 * cost from the cost of storing results.
 *
 *   http_bench_engine URL N L      (built by bench/http_bench.py) */
#include "http_engine.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static HttpEngine *engine;
static const char *url;
static atomic_int next_job, failures;
static int njobs;

static void *worker(void *arg) {
  (void)arg;
  static const char body[] = "{\"model\":\"bench\",\"prompt\":\"a frame\",\"size\":\"1024x1024\"}";
  const char *headers[] = {"Content-Type: application/json", "Authorization: Bearer bench"};
  while (atomic_fetch_add(&next_job, 1) < njobs) {
    HttpRequest rq = {.method = "POST", .url = url, .headers = headers, .nheaders = 2, .body = body,
                      .body_len = sizeof body - 1, .timeout_ms = 10000};
    HttpResponse rs;
    if (http_engine_perform(engine, &rq, &rs) != 0 || rs.status != 200) atomic_fetch_add(&failures, 1);
    http_response_free(&rs);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: http_bench_engine URL N L\n");
    return 2;
  }
  url = argv[1];
  njobs = atoi(argv[2]);
  int limit = atoi(argv[3]);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  engine = http_engine_new();
  if (!engine) return 2;
  pthread_t *th = calloc((size_t)limit, sizeof *th);
  for (int i = 0; i < limit; i++) pthread_create(&th[i], NULL, worker, NULL);
  for (int i = 0; i < limit; i++) pthread_join(th[i], NULL);
  http_engine_free(engine);
  free(th);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  double wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  double user = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6;
  double sys = (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
  printf("%d %.4f %.4f %.4f\n", atomic_load(&failures), wall, user, sys);
  return 0;
}
