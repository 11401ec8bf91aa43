#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "reaper.h"
#include "runner.h"

void run_job_init(struct run_job *j)
{
	memset(j, 0, sizeof(*j));
	child_init(&j->child);
	strbuf_init(&j->out, 0);
	strbuf_init(&j->err, 0);
	strbuf_init(&j->result, 0);
	j->fds[0] = j->fds[1] = j->fds[2] = -1;
	j->capture = 1;
	j->keep_head = CAPTURE_HEAD_DEFAULT;
	j->keep_tail = CAPTURE_TAIL_DEFAULT;
	j->grace = 10;
	j->leak_timeout = 0.1;
	capture_init(&j->cap[0], 0, 0);
	capture_init(&j->cap[1], 0, 0);
}

void run_job_release(struct run_job *j)
{
	child_release(&j->child);
	strbuf_release(&j->out);
	strbuf_release(&j->err);
	strbuf_release(&j->result);
	capture_release(&j->cap[0]);
	capture_release(&j->cap[1]);
}

/*
 * Signals reach the loop through a self-pipe: the handler only writes the
 * signal number, everything else happens in the loop.
 */
static int sig_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
	int saved = errno;
	unsigned char c = (unsigned char)sig;
	ssize_t n TARE_UNUSED = write(sig_pipe[1], &c, 1);
	errno = saved;
}

static const int caught[] = { SIGCHLD, SIGINT, SIGTERM, SIGHUP };

static int install_handlers(struct sigaction *old)
{
	struct sigaction sa;
	size_t i;

	if (sig_pipe[0] < 0 && pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return error_errno("cannot create a pipe");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(caught); i++) {
		sa.sa_flags = SA_RESTART | (caught[i] == SIGCHLD ? SA_NOCLDSTOP : 0);
		sigaction(caught[i], &sa, &old[i]);
	}
	return 0;
}

static void restore_handlers(const struct sigaction *old)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(caught); i++)
		sigaction(caught[i], &old[i], NULL);
}

struct run_job *runner_job(struct runner *r, int i)
{
	return i >= 0 && i < r->running ? r->jobs[i] : NULL;
}

/*
 * The case a fork server runs, and what it started in its group. The
 * server made the group before it named the case, so the group is there;
 * the process itself too, should it have left it.
 */
static void case_kill(const struct run_job *j, int sig)
{
	if (j->case_pid <= 0)
		return;
	kill(-j->case_pid, sig);
	kill(j->case_pid, sig);
}

void runner_job_restart_timers(struct run_job *j)
{
	if (j->exited || j->timed_out)
		return;
	j->timer_start = time_now();
	j->slow_count = 0;
	j->kill_at = 0;
	j->next_slow = j->slow_period > 0 ? j->timer_start + j->slow_period : 0;
}

void runner_stop(struct runner *r)
{
	r->stopping = 1;
}

static void job_close_fd(struct run_job *j, int i)
{
	if (j->fds[i] >= 0) {
		close(j->fds[i]);
		j->fds[i] = -1;
	}
}

static void start_job(struct runner *r, struct run_job *j)
{
	struct child *c = &j->child;
	int slot = 0;

	if (j->weight < 1)
		j->weight = 1;
	if (j->weight > r->slots)
		j->weight = r->slots;
	while (slot < r->slots - 1 && r->slot_busy[slot])
		slot++;
	j->slot = slot;
	c->cgroup_fd = reaper_slot_fd(slot);
	if (c->cgroup_fd < 0)
		c->cgroup_fd = 0;
	c->in = CHILD_DEVNULL;
	c->out = j->capture ? -1 : 0;
	c->err = j->capture ? -1 : 0;
	c->result = j->want_result ? -1 : 0;
	c->new_pgroup = 1;
	c->die_with_parent = 1;
	j->start = time_now();
	if (child_start(c) < 0) {
		j->start_errno = errno ? errno : EINVAL;
		j->end = j->start;
		j->exited = 1;
		r->ops->finished(r->ctx, j);
		return;
	}
	j->fds[0] = j->capture ? c->out : -1;
	j->fds[1] = j->capture ? c->err : -1;
	j->fds[2] = j->want_result ? c->result : -1;
	j->timer_start = j->start;
	j->next_slow = j->slow_period > 0 ? j->start + j->slow_period : 0;
	capture_init(&j->cap[0], j->keep_head, j->keep_tail);
	capture_init(&j->cap[1], j->keep_head, j->keep_tail);
	r->slot_busy[slot] = 1;
	r->used += j->weight;
	ALLOC_GROW(r->jobs, (size_t)r->running + 1, r->jobs_alloc);
	r->jobs[r->running++] = j;
	if (r->ops->started)
		r->ops->started(r->ctx, j);
}

/* The result channel holds lines about the test, not its output. */
#define RESULT_MAX 65536

/*
 * Reads what is ready on one of the job's pipes; closes it at EOF. Reads
 * go through a buffer on the stack: a stream that stays empty costs no
 * memory, and output past the bounds is counted, not stored.
 */
static void job_read(struct run_job *j, int i)
{
	char buf[65536];

	for (;;) {
		ssize_t n;

		do
			n = read(j->fds[i], buf, sizeof(buf));
		while (n < 0 && errno == EINTR);
		if (n > 0 && i < 2) {
			capture_add(&j->cap[i], buf, (size_t)n);
		} else if (n > 0) {
			size_t room = RESULT_MAX - (j->result.len < RESULT_MAX ? j->result.len : RESULT_MAX);

			strbuf_add(&j->result, buf, (size_t)n < room ? (size_t)n : room);
		}
		if (n == 0 || (n < 0 && errno != EAGAIN)) {
			job_close_fd(j, i);
			return;
		}
		if (n < 0)
			return;
	}
}

/*
 * Notes exits without reaping: the zombie keeps the process group's id
 * reserved until the job is finished, so killing the group then can never
 * hit an unrelated process that reused the id.
 */
static void check_exits(struct runner *r, double now)
{
	int i;

	for (i = 0; i < r->running; i++) {
		struct run_job *j = r->jobs[i];
		siginfo_t info;

		if (j->exited)
			continue;
		memset(&info, 0, sizeof(info));
		if (waitid(P_PID, (id_t)j->child.pid, &info,
			   WEXITED | WNOHANG | WNOWAIT) < 0 || info.si_pid == 0)
			continue;
		j->exited = 1;
		j->end = now;
		if (info.si_code == CLD_EXITED)
			j->exit_code = info.si_status;
		else
			j->term_signal = info.si_status;
		j->leak_at = now + j->leak_timeout;
	}
}

static int job_done(const struct run_job *j)
{
	return j->exited && j->fds[0] < 0 && j->fds[1] < 0 && j->fds[2] < 0;
}

/*
 * With tare a subreaper, the orphans of every job are our children: reap
 * those that exited, up to the first zombie that is a job's leader (which
 * waits for its job to finish, and hides any after it till then).
 */
static void reap_strays(struct runner *r)
{
	if (!reaper_adopts())
		return;
	for (;;) {
		siginfo_t info;
		int i, ours = 0;

		memset(&info, 0, sizeof(info));
		if (waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) < 0 || !info.si_pid)
			return;
		for (i = 0; i < r->running && !ours; i++)
			ours = r->jobs[i]->child.pid == info.si_pid;
		if (ours)
			return;
		while (waitpid(info.si_pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
}

static void finish_job(struct runner *r, int i)
{
	struct run_job *j = r->jobs[i];
	int k;

	/*
	 * Whatever is left of the group goes with the job, and of its
	 * cgroup; without one, whatever still held its output.
	 */
	child_kill(&j->child, SIGKILL);
	case_kill(j, SIGKILL);
	reaper_slot_kill(j->slot);
	if (j->leaked && !reaper_has_cgroups() &&
	    reaper_kill_pipe_holders(j->leak_ino, (size_t)j->nleak_ino) < 0)
		j->leak_survived = 1;
	while (waitpid(j->child.pid, NULL, 0) < 0 && errno == EINTR)
		;
	j->child.pid = -1;
	r->slot_busy[j->slot] = 0;
	for (k = 0; k < 3; k++)
		job_close_fd(j, k);
	capture_finish(&j->cap[0], &j->out, &j->out_cut_at, &j->out_dropped);
	capture_finish(&j->cap[1], &j->err, &j->err_cut_at, &j->err_dropped);
	memmove(&r->jobs[i], &r->jobs[i + 1],
		(size_t)(r->running - i - 1) * sizeof(*r->jobs));
	r->running--;
	r->used -= j->weight;
	reap_strays(r);
	r->ops->finished(r->ctx, j);
}

static void check_timers(struct runner *r, double now)
{
	int i;

	for (i = 0; i < r->running; i++) {
		struct run_job *j = r->jobs[i];

		if (!j->exited && j->next_slow > 0 && now >= j->next_slow) {
			j->slow_count++;
			j->next_slow += j->slow_period;
			if (r->ops->slow)
				r->ops->slow(r->ctx, j, now - j->timer_start);
			if (j->terminate_after > 0 &&
			    j->slow_count >= j->terminate_after && j->case_pid > 0) {
				/* A fork server's case: it ends, the server goes on. */
				j->case_timed_out = 1;
				j->next_slow = 0;
				case_kill(j, SIGTERM);
				j->kill_at = now + j->grace;
				if (r->ops->terminating)
					r->ops->terminating(r->ctx, j, now - j->timer_start);
			} else if (j->terminate_after > 0 &&
			    j->slow_count >= j->terminate_after && !j->timed_out) {
				j->timed_out = 1;
				j->next_slow = 0;
				child_kill(&j->child, SIGTERM);
				j->kill_at = now + j->grace;
				if (r->ops->terminating)
					r->ops->terminating(r->ctx, j, now - j->timer_start);
			}
		}
		if (!j->exited && j->kill_at > 0 && now >= j->kill_at && j->case_timed_out &&
		    !j->timed_out && !j->interrupted) {
			case_kill(j, SIGKILL);
			j->kill_at = 0;
		} else if (!j->exited && j->kill_at > 0 && now >= j->kill_at) {
			child_kill(&j->child, SIGKILL);
			case_kill(j, SIGKILL);
			reaper_slot_kill(j->slot);
			j->kill_at = 0;
			j->killed = 1;
		}
		if (j->exited && !job_done(j) && now >= j->leak_at) {
			int k;

			for (k = 0; k < 3; k++)
				if (j->fds[k] >= 0) {
					job_read(j, k);
					if (j->fds[k] >= 0) {
						struct stat st;

						j->leaked = 1;
						/* Who holds it is found by its inode. */
						if (!fstat(j->fds[k], &st))
							j->leak_ino[j->nleak_ino++] = st.st_ino;
					}
					job_close_fd(j, k);
				}
		}
	}
}

static void on_interrupt(struct runner *r, int sig, double now)
{
	int i;

	r->interrupt_count++;
	if (r->interrupt_count == 1)
		r->interrupt_signal = sig;
	r->stopping = 1;
	if (r->ops->interrupted)
		r->ops->interrupted(r->ctx, sig, r->interrupt_count);
	for (i = 0; i < r->running; i++) {
		struct run_job *j = r->jobs[i];

		if (j->exited)
			continue;
		j->interrupted = 1;
		if (r->interrupt_count == 1) {
			/* The same signal first, as a terminal would send it. */
			child_kill(&j->child, sig);
			case_kill(j, sig);
			if (!j->kill_at || j->kill_at > now + j->grace)
				j->kill_at = now + j->grace;
		} else {
			child_kill(&j->child, SIGKILL);
			case_kill(j, SIGKILL);
			reaper_slot_kill(j->slot);
			j->kill_at = 0;
		}
	}
}

static int poll_timeout(struct runner *r, double now, double next_tick)
{
	double t = INFINITY;
	int i;

	for (i = 0; i < r->running; i++) {
		struct run_job *j = r->jobs[i];

		if (!j->exited) {
			if (j->next_slow > 0 && j->next_slow < t)
				t = j->next_slow;
			if (j->kill_at > 0 && j->kill_at < t)
				t = j->kill_at;
		} else if (j->leak_at < t) {
			t = j->leak_at;
		}
	}
	if (r->tick_interval > 0 && next_tick < t)
		t = next_tick;
	if (isinf(t))
		return -1;
	t = ceil((t - now) * 1000);
	return t < 0 ? 0 : t > 3600000 ? 3600000 : (int)t;
}

int runner_run(struct runner *r)
{
	struct sigaction old[ARRAY_SIZE(caught)];
	struct pollfd *pfds = NULL;
	size_t pfds_alloc = 0;
	double next_tick = time_now() + r->tick_interval;
	int ret = 0;

	if (!r->ops || !r->ops->next || !r->ops->finished)
		BUG("runner without next() or finished()");
	if (r->slots < 1)
		r->slots = 1;
	if (install_handlers(old) < 0)
		return -1;
	r->slot_busy = xcalloc((size_t)r->slots, 1);

	for (;;) {
		size_t npfd = 0;
		int i, k, timeout;
		double now;

		while (!r->stopping && r->used < r->slots) {
			struct run_job *j = r->ops->next(r->ctx);
			if (!j)
				break;
			start_job(r, j);
		}
		if (!r->running)
			break;

		ALLOC_GROW(pfds, 1 + 3 * (size_t)r->running, pfds_alloc);
		/* revents start at 0: a poll cut short by a signal sets none. */
		memset(pfds, 0, (1 + 3 * (size_t)r->running) * sizeof(*pfds));
		pfds[npfd].fd = sig_pipe[0];
		pfds[npfd++].events = POLLIN;
		for (i = 0; i < r->running; i++)
			for (k = 0; k < 3; k++)
				if (r->jobs[i]->fds[k] >= 0) {
					pfds[npfd].fd = r->jobs[i]->fds[k];
					pfds[npfd++].events = POLLIN;
				}
		timeout = poll_timeout(r, time_now(), next_tick);
		if (poll(pfds, npfd, timeout) < 0 && errno != EINTR) {
			ret = error_errno("poll failed");
			break;
		}
		now = time_now();

		/* Output first, in the order the poll set was built. */
		npfd = 1;
		for (i = 0; i < r->running; i++) {
			size_t before = r->jobs[i]->result.len;

			for (k = 0; k < 3; k++)
				if (r->jobs[i]->fds[k] >= 0 &&
				    pfds[npfd++].revents)
					job_read(r->jobs[i], k);
			if (r->jobs[i]->result.len != before && r->ops->result)
				r->ops->result(r->ctx, r->jobs[i]);
		}
		if (pfds[0].revents) {
			unsigned char sigs[64];
			ssize_t n, s;
			int child_exited = 0;

			while ((n = read(sig_pipe[0], sigs, sizeof(sigs))) > 0)
				for (s = 0; s < n; s++) {
					if (sigs[s] == SIGCHLD)
						child_exited = 1;
					else
						on_interrupt(r, sigs[s], now);
				}
			/*
			 * Every exit is followed by a SIGCHLD delivered after
			 * it, so checking all jobs on each one misses none.
			 */
			if (child_exited) {
				check_exits(r, now);
				reap_strays(r);
			}
		}
		check_timers(r, now);
		for (i = 0; i < r->running;) {
			if (job_done(r->jobs[i]))
				finish_job(r, i);
			else
				i++;
		}
		if (r->tick_interval > 0 && now >= next_tick) {
			next_tick = now + r->tick_interval;
			if (r->ops->tick)
				r->ops->tick(r->ctx, r);
		}
	}
	free(pfds);
	free(r->slot_busy);
	r->slot_busy = NULL;
	free(r->jobs);
	r->jobs = NULL;
	r->jobs_alloc = 0;
	restore_handlers(old);
	return ret;
}

static struct run_job *one_next(void *ctx)
{
	struct run_job **j = ctx, *r = *j;

	*j = NULL;
	return r;
}

static void one_finished(void *ctx, struct run_job *j)
{
	(void)ctx;
	(void)j;
}

int runner_run_one(struct run_job *j)
{
	static const struct runner_ops ops = { .next = one_next, .finished = one_finished };
	struct runner r = RUNNER_INIT;
	struct run_job *pending = j;

	r.ops = &ops;
	r.ctx = &pending;
	if (runner_run(&r) < 0)
		return -1;
	return r.interrupt_count ? -2 : 0;
}
