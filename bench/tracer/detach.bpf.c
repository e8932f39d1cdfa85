// SPDX-License-Identifier: GPL-2.0
// Empty programs, one for each kind of link the tracer makes: a perf-event syscall tracepoint and BTF tracepoints.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

SEC("tracepoint")
int on_syscall(void *ctx) { return 0; }

SEC("tp_btf/sys_enter")
int BPF_PROG(on_sys_enter) { return 0; }

SEC("tp_btf/sys_exit")
int BPF_PROG(on_sys_exit) { return 0; }

SEC("tp_btf/sched_process_exec")
int BPF_PROG(on_exec) { return 0; }

SEC("tp_btf/signal_generate")
int BPF_PROG(on_signal) { return 0; }
