/* SPDX-License-Identifier: GPL-3.0-or-later
 * Ctrl-C and SIGTERM for the commands that search (level, solve). The
 * first signal asks the library to stop (keel_options.stop): the search ends
 * at its next sharing point and the best schedule so far is verified and
 * written. A second one ends the process at once when no file is being
 * written; while the output set is written it cancels the set instead
 * (keel_output_set_cancel), so no partial set is left either way.
 */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static volatile sig_atomic_t stop_flag, abort_flag, writing, signal_number;

static void say(const char *msg)
{
    ssize_t n = write(STDERR_FILENO, msg, strlen(msg));
    (void)n;
}

static void on_signal(int sig)
{
    if (!stop_flag) {
        stop_flag = 1;
        signal_number = sig;
        say("\nkeel: stopping: keeping the best schedule so far (press Ctrl-C again to "
            "quit at once without writing anything)\n");
        return;
    }
    if (writing) {
        abort_flag = 1;
        return;
    }
    say("keel: quit at once; nothing was written\n");
    _exit(128 + sig);
}

void cli_signal_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

const volatile sig_atomic_t *cli_signal_stop(void)
{
    return &stop_flag;
}

const volatile sig_atomic_t *cli_signal_abort(void)
{
    return &abort_flag;
}

void cli_signal_writing(bool on)
{
    writing = on;
}

int cli_signal_received(void)
{
    return signal_number;
}

void cli_print_stopped(const keel_result *r, const char *out_dir)
{
    keel_result_info in = keel_result_get(r);
    fprintf(stderr,
            "keel: interrupted by %s after %.1f s: %s the best schedule found so far "
            "(%lld schedules, verified)%s%s\n",
            signal_number == SIGTERM ? "SIGTERM" : "SIGINT", in.seconds,
            out_dir ? "wrote" : "this is", (long long)in.schedules, out_dir ? " into " : "",
            out_dir ? out_dir : "");
}
