/* guard.c: a deadline for every request (slowloris). libmicrohttpd's own
 * timeout counts idle seconds, so a client that sends one header line every
 * few seconds would hold its connection for ever; here a request must
 * arrive whole within the deadline of the connection opening (or of the
 * previous answer on a kept-alive connection). A watcher thread cuts off
 * the connections past it: 408 when a request had begun, a plain close
 * when none had. Knows sockets, not libmicrohttpd. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "web_int.h"

enum phase { FREE = 0, IDLE, READING, ANSWERING, CUT };

struct slot {
	int fd;
	enum phase phase;
	double since; /* when the connection became ready for its next request */
};

struct web_guard {
	pthread_mutex_t mu; /* slots, stopping; held across shutdown() so a closed fd is never reused under us */
	pthread_cond_t cond;
	pthread_t thread;
	bool stopping;
	double deadline;
	struct slot *slots;
	size_t nslots;
};

static double now_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Cut off one late connection. The answer is best effort (never blocks);
 * shutdown makes libmicrohttpd see the end of the stream and close it. */
static void cut_off(struct slot *s)
{
	static const char late[] = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Type: text/plain\r\n"
				   "Content-Length: 29\r\n\r\nrequest not received in time\n";
	if (s->phase == READING)
		(void)send(s->fd, late, sizeof late - 1, MSG_DONTWAIT | MSG_NOSIGNAL);
	shutdown(s->fd, SHUT_RDWR);
	s->phase = CUT; /* once; its close comes through web_guard_close */
}

static void *watch(void *arg)
{
	struct web_guard *g = arg;
	pthread_mutex_lock(&g->mu);
	while (!g->stopping) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 250 * 1000 * 1000;
		if (ts.tv_nsec >= 1000 * 1000 * 1000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000 * 1000 * 1000;
		}
		pthread_cond_timedwait(&g->cond, &g->mu, &ts);
		double t = now_mono();
		for (size_t i = 0; i < g->nslots; i++) {
			struct slot *s = &g->slots[i];
			if ((s->phase == IDLE || s->phase == READING) && t - s->since > g->deadline)
				cut_off(s);
		}
	}
	pthread_mutex_unlock(&g->mu);
	return NULL;
}

struct web_guard *web_guard_start(size_t nslots, unsigned deadline_s)
{
	struct web_guard *g = calloc(1, sizeof *g);
	if (!g || !(g->slots = calloc(nslots, sizeof *g->slots))) {
		free(g);
		return NULL;
	}
	g->nslots = nslots;
	g->deadline = deadline_s;
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->cond, NULL);
	if (pthread_create(&g->thread, NULL, watch, g)) {
		g->stopping = true;
		web_guard_stop(g);
		return NULL;
	}
	return g;
}

void web_guard_stop(struct web_guard *g)
{
	if (!g)
		return;
	pthread_mutex_lock(&g->mu);
	bool started = !g->stopping;
	g->stopping = true;
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->mu);
	if (started)
		pthread_join(g->thread, NULL);
	pthread_cond_destroy(&g->cond);
	pthread_mutex_destroy(&g->mu);
	free(g->slots);
	free(g);
}

int web_guard_open(struct web_guard *g, int fd)
{
	int slot = -1;
	pthread_mutex_lock(&g->mu);
	for (size_t i = 0; i < g->nslots && slot < 0; i++)
		if (g->slots[i].phase == FREE) {
			g->slots[i] = (struct slot){fd, IDLE, now_mono()};
			slot = (int)i;
		}
	pthread_mutex_unlock(&g->mu);
	return slot;
}

/* Move slot from one of the phases in `from` (a bit set) to `to`. */
static void move(struct web_guard *g, int slot, unsigned from, enum phase to, bool restart)
{
	if (slot < 0 || (size_t)slot >= g->nslots)
		return;
	pthread_mutex_lock(&g->mu);
	struct slot *s = &g->slots[slot];
	if (from & (1u << s->phase)) {
		s->phase = to;
		if (restart)
			s->since = now_mono();
	}
	pthread_mutex_unlock(&g->mu);
}

void web_guard_request(struct web_guard *g, int slot)
{
	move(g, slot, 1u << IDLE, READING, false);
}

void web_guard_received(struct web_guard *g, int slot)
{
	move(g, slot, 1u << IDLE | 1u << READING, ANSWERING, false);
}

void web_guard_answered(struct web_guard *g, int slot)
{
	move(g, slot, 1u << ANSWERING | 1u << READING, IDLE, true);
}

void web_guard_close(struct web_guard *g, int slot)
{
	move(g, slot, ~0u, FREE, false);
}
