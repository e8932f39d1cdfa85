// The cost of one cheap syscall that no tracer records (getppid), best of 5 rounds of 3 million: what a
// tracer adds to every syscall of every task on the machine just by being attached.
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

int main(void)
{
    const long n = 3000000;
    double best = 1e9;
    for (int round = 0; round < 5; round++) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        for (long i = 0; i < n; i++)
            syscall(SYS_getppid);
        clock_gettime(CLOCK_MONOTONIC, &b);
        double ns = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n;
        if (ns < best)
            best = ns;
    }
    printf("%.1f\n", best);
    return 0;
}
