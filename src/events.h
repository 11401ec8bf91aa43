/*
 * events.h: the live event stream, one JSON object per line (NDJSON),
 * written and flushed as things happen, to stdout (--message-format json)
 * and/or a file (--events PATH). docs/events.md describes each event:
 *
 *   {"type":"run-started", ...}
 *   {"type":"test-started","binary":"unit","name":"ring_push","attempt":1,...}
 *   {"type":"test-slow", ...}
 *   {"type":"test-finished","status":"pass","duration":0.003,"stdout":"",...}
 *   {"type":"run-finished","passed":39,"failed":1,"skipped":0,...}
 *
 * The file is a stream, not a report: it is written in place, as it grows,
 * so that another program can follow it.
 */
#ifndef TARE_EVENTS_H
#define TARE_EVENTS_H

#include <stdio.h>

#include "observer.h"

#define EVENTS_SINKS_MAX 2

struct events {
	FILE *sinks[EVENTS_SINKS_MAX];
	int owned[EVENTS_SINKS_MAX];
	int n;
};

void events_init(struct events *e);
/* Adds stdout ("-") or a file to write to. Returns -1 after an error. */
int events_add_sink(struct events *e, const char *path);
int events_close(struct events *e);
int events_active(const struct events *e);

/*
 * The stream as an observer of the run (observer.h): e, with its sinks,
 * must outlive it. Each event is written and flushed as it happens.
 */
struct run_observer events_observer(struct events *e);

#endif
