// How long detaching one link takes, per kind of link the tracer makes: an empty program on the 37 syscall exit
// tracepoints Bifrost's per-syscall path hooks (perf events: the BPF link and the perf event are closed and timed
// apart, one after another, then 37 more released from as many threads at once), and on the BTF tracepoints of its
// raw path. Prints one line per kind; times in ms. Usage: detach OBJECT TRACEFS.
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static const char *const exits[] = {
    "open", "openat", "openat2", "creat", "mmap", "socket", "connect", "bind", "chown", "lchown", "fchown",
    "fchownat", "chmod", "fchmod", "fchmodat", "fchmodat2", "setgroups", "mount", "umount", "sethostname",
    "setdomainname", "chroot", "mknod", "mknodat", "ptrace", "unlink", "unlinkat", "rmdir", "mkdir", "mkdirat",
    "rename", "renameat", "renameat2", "link", "linkat", "symlink", "symlinkat",
};
#define N_EXITS (sizeof exits / sizeof *exits)

static int link_fds[N_EXITS], event_fds[N_EXITS];

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

// Attaches prog to every exit tracepoint this kernel has; returns how many.
static int attach_exits(int prog, const char *tracefs)
{
    int n = 0;
    for (unsigned i = 0; i < N_EXITS; i++) {
        char path[256];
        int id;
        snprintf(path, sizeof path, "%s/events/syscalls/sys_exit_%s/id", tracefs, exits[i]);
        FILE *f = fopen(path, "r");
        if (!f)
            continue;
        int got = fscanf(f, "%d", &id);
        fclose(f);
        if (got != 1)
            continue;
        struct perf_event_attr attr = { .type = PERF_TYPE_TRACEPOINT, .size = sizeof attr, .config = id, .sample_period = 1 };
        event_fds[n] = syscall(SYS_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
        if (event_fds[n] < 0)
            return -1;
        link_fds[n] = bpf_link_create(prog, event_fds[n], BPF_PERF_EVENT, NULL);
        if (link_fds[n] < 0)
            return -1;
        n++;
    }
    return n;
}

static void *release(void *i)
{
    close(link_fds[(long)i]);
    close(event_fds[(long)i]);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: detach OBJECT TRACEFS\n");
        return 2;
    }
    struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
    if (!obj || bpf_object__load(obj)) {
        fprintf(stderr, "detach: cannot load %s\n", argv[1]);
        return 1;
    }
    int prog = bpf_program__fd(bpf_object__find_program_by_name(obj, "on_syscall"));

    int n = attach_exits(prog, argv[2]);
    if (n <= 0) {
        perror("detach: attaching the syscall tracepoints");
        return 1;
    }
    double links = 0, events = 0, start = now_ms();
    for (int i = 0; i < n; i++) {
        double a = now_ms();
        close(link_fds[i]);
        double b = now_ms();
        close(event_fds[i]);
        links += b - a;
        events += now_ms() - b;
    }
    printf("perf-tracepoint %d %.1f %.1f %.1f\n", n, (now_ms() - start) / n, links / n, events / n);

    n = attach_exits(prog, argv[2]);
    pthread_t threads[N_EXITS];
    start = now_ms();
    for (long i = 0; i < n; i++)
        pthread_create(&threads[i], NULL, release, (void *)i);
    for (int i = 0; i < n; i++)
        pthread_join(threads[i], NULL);
    printf("perf-tracepoint-parallel %d %.1f\n", n, now_ms() - start);

    struct bpf_link *raw[8];
    struct bpf_program *p;
    int r = 0;
    bpf_object__for_each_program(p, obj) {
        if (strcmp(bpf_program__name(p), "on_syscall") != 0 && r < 8 && (raw[r] = bpf_program__attach(p)))
            r++;
    }
    start = now_ms();
    for (int i = 0; i < r; i++)
        bpf_link__destroy(raw[i]);
    printf("tp_btf %d %.2f\n", r, (now_ms() - start) / r);
    bpf_object__close(obj);
    return 0;
}
