// Other tasks: whether one is inside the traced subtree, and the ptrace records (a read of another process's
// /proc files, a ptrace attach).
#ifndef BIFROST_PTRACE_H
#define BIFROST_PTRACE_H

static __always_inline struct cgroup *task_cgroup(struct task_struct *t)
{
    return BPF_CORE_READ(t, cgroups, dfl_cgrp);
}

// Whether another task is inside the traced subtree (the same pod, or the local command's cgroup).
static __always_inline __u32 task_in_scope(struct task_struct *t)
{
    struct bf_config *c = get_config();
    if (!c)
        return 0;
    struct cgroup *cg = task_cgroup(t);
    int level = BPF_CORE_READ(cg, level);
    if (level < (int)c->target_level)
        return 0;
    struct cgroup *anc = 0;
    __u32 idx = c->target_level & 63;
    bpf_probe_read_kernel(&anc, sizeof(anc),
        (char *)cg + bpf_core_field_offset(struct cgroup, ancestors) + idx * sizeof(void *));
    if (!anc)
        return 0;
    return BPF_CORE_READ(anc, kn, id) == c->target_cgid;
}

static __always_inline struct task_struct *pid_task_of(struct pid *pid)
{
    struct hlist_node *first = BPF_CORE_READ(pid, tasks[0].first);
    if (!first)
        return 0;
    return (struct task_struct *)((char *)first - bpf_core_field_offset(struct task_struct, pid_links));
}

static __noinline void emit_ptrace(__u64 cg, __u32 mode, __u32 same)
{
    struct bf_agg *a = get_agg(cg);
    __u32 bit = mode * 2 + same;
    if (!a || !first_bit(&a->ptrace, bit))
        return;
    struct scratch *s = begin(BF_EV_PTRACE, cg);
    if (!s)
        return;
    s->ev.a = mode;
    s->ev.b = same;
    if (submit(s, 0))
        __sync_fetch_and_and(&a->ptrace, ~(1ULL << bit));
}

// A read of /proc/<pid>/... of another process needs "ptrace read" in AppArmor.
static __always_inline void check_proc_read(__u64 cg, struct inode *inode, struct super_block *sb)
{
    if (BPF_CORE_READ(sb, s_magic) != PROC_MAGIC)
        return;
    struct proc_inode *pi = container_of(inode, struct proc_inode, vfs_inode);
    struct pid *pid = BPF_CORE_READ(pi, pid);
    if (!pid)
        return;
    struct task_struct *t = pid_task_of(pid);
    if (!t)
        return;
    if ((__u32)BPF_CORE_READ(t, tgid) == (__u32)(bpf_get_current_pid_tgid() >> 32))
        return;
    emit_ptrace(cg, BF_PTRACE_READ, task_in_scope(t));
}

static __noinline int exit_ptrace(__u64 cg, long request)
{
    if (request != 16 && request != 0x4206)
        return 0;
    // A successful attach puts the tracee first on the tracer's ptraced list.
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    struct list_head *first = BPF_CORE_READ(task, ptraced.next);
    struct task_struct *t = (struct task_struct *)((char *)first - bpf_core_field_offset(struct task_struct, ptrace_entry));
    emit_ptrace(cg, BF_PTRACE_TRACE, task_in_scope(t));
    return 0;
}

#endif
