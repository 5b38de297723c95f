/*
 * A Kafka protocol peer for tests: librdkafka's in-process mock cluster on 127.0.0.1.
 * Prints its bootstrap address ("127.0.0.1:port,...") as one line on stdout, then runs until
 * stdin reaches EOF (the parent exited or closed the pipe) or SIGTERM/SIGINT arrives, so a
 * test that dies cannot leave it behind.
 *
 * Usage: kafka-mock [--brokers N] [TOPIC:PARTITIONS ...]
 * Topics not created here are auto-created on first use with the mock's default partition
 * count. Limits (librdkafka 2.0): no idempotent or transactional producers, no CreateTopics.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

static volatile sig_atomic_t stopping = 0;

static void on_signal(int sig) {
  (void)sig;
  stopping = 1;
}

int main(int argc, char **argv) {
  int brokers = 1;
  int first_topic = 1;
  if (argc > 2 && strcmp(argv[1], "--brokers") == 0) {
    brokers = atoi(argv[2]);
    first_topic = 3;
    if (brokers < 1) {
      fprintf(stderr, "kafka-mock: --brokers needs a positive number\n");
      return 2;
    }
  }

  char errstr[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  /* The host instance only owns the mock cluster; it never talks to it. */
  if (rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
    fprintf(stderr, "kafka-mock: %s\n", errstr);
    return 1;
  }
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (rk == NULL) {
    fprintf(stderr, "kafka-mock: rd_kafka_new: %s\n", errstr);
    return 1;
  }
  rd_kafka_mock_cluster_t *mc = rd_kafka_mock_cluster_new(rk, brokers);
  if (mc == NULL) {
    fprintf(stderr, "kafka-mock: rd_kafka_mock_cluster_new failed\n");
    rd_kafka_destroy(rk);
    return 1;
  }

  for (int i = first_topic; i < argc; i++) {
    char *sep = strrchr(argv[i], ':');
    int partitions = sep != NULL ? atoi(sep + 1) : 0;
    if (sep == NULL || partitions < 1) {
      fprintf(stderr, "kafka-mock: topic must be NAME:PARTITIONS, got %s\n", argv[i]);
      rd_kafka_mock_cluster_destroy(mc);
      rd_kafka_destroy(rk);
      return 2;
    }
    *sep = '\0';
    rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(mc, argv[i], partitions, brokers < 3 ? brokers : 3);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      fprintf(stderr, "kafka-mock: create topic %s: %s\n", argv[i], rd_kafka_err2str(err));
      rd_kafka_mock_cluster_destroy(mc);
      rd_kafka_destroy(rk);
      return 1;
    }
  }

  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);

  printf("%s\n", rd_kafka_mock_cluster_bootstraps(mc));
  fflush(stdout);

  char buf[256];
  while (!stopping) {
    struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
    int n = poll(&p, 1, 200);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (n == 0) continue;
    ssize_t r = read(STDIN_FILENO, buf, sizeof buf);
    if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN)) break;
  }

  rd_kafka_mock_cluster_destroy(mc);
  rd_kafka_destroy(rk);
  return 0;
}
