// Capability records, precise or inferred: emit_cap and infer_cap, the set*id judgement made at syscall entry
// and settled at exit, the chown inference, and the check behind the fentry/kprobe cap_capable programs.
#ifndef BIFROST_CAPABILITIES_H
#define BIFROST_CAPABILITIES_H

static __noinline void emit_cap(__u64 cg, __u32 cap, __u32 inferred)
{
    struct bf_agg *a = get_agg(cg);
    if (!a || !first_bit(&a->caps, cap))
        return;
    struct scratch *s = begin(BF_EV_CAP, cg);
    if (!s)
        return;
    s->ev.a = cap;
    s->ev.b = inferred;
    if (submit(s, 0))
        __sync_fetch_and_and(&a->caps, ~(1ULL << (cap & 63)));
}

static __always_inline void infer_cap(__u64 cg, __u32 cap)
{
    struct bf_config *c = get_config();
    if (c && c->precise_caps)
        return;
    emit_cap(cg, cap, 1);
}

static __always_inline __u32 current_fsuid(void)
{
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    return BPF_CORE_READ(task, cred, fsuid.val);
}

static __always_inline __u32 current_fsgid(void)
{
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    return BPF_CORE_READ(task, cred, fsgid.val);
}

// Whether any requested id (-1 means unchanged) is none of the caller's current real, effective, saved ids.
static __always_inline int needs_id_cap(__u32 r, __u32 e, __u32 sv, __u64 a0, __u64 a1, __u64 a2, int n)
{
    __u32 want[3] = { a0, a1, a2 };
    for (int i = 0; i < 3; i++) {
        if (i >= n)
            break;
        if (want[i] != (__u32)-1 && want[i] != r && want[i] != e && want[i] != sv)
            return 1;
    }
    return 0;
}

static __noinline int exit_ids(__u64 cg, long ret)
{
    __u64 tid = bpf_get_current_pid_tgid();
    struct stash *st = bpf_map_lookup_elem(&stashes, &tid);
    if (!st)
        return 0;
    __u32 op = st->op;
    bpf_map_delete_elem(&stashes, &tid);
    if (ret < 0)
        return 0;
    infer_cap(cg, (op == BF_OP_SETUID || op == BF_OP_SETREUID || op == BF_OP_SETRESUID) ? BF_CAP_SETUID : BF_CAP_SETGID);
    return 0;
}

static __noinline int exit_owner(__u64 cg, long id, __u64 a1, __u64 a2, __u64 a3)
{
    __u32 uid = (id == NR_fchownat) ? a2 : a1;
    __u32 gid = (id == NR_fchownat) ? a3 : a2;
    if ((uid != (__u32)-1 && uid != current_fsuid()) || (gid != (__u32)-1 && gid != current_fsgid()))
        infer_cap(cg, BF_CAP_CHOWN);
    return 0;
}

// The body of the fentry and kprobe cap_capable programs (bifrost.bpf.c): every audited check, precise.
static __always_inline int on_capable(int cap, unsigned int opts)
{
    if (opts & CAP_OPT_NOAUDIT_BIT)
        return 0;
    __u64 cg = scope(0);
    if (!cg)
        return 0;
    emit_cap(cg, cap, 0);
    return 0;
}

#endif
