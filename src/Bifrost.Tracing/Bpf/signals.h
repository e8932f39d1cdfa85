// Signals one process sends another (the on_signal program), and the kill capability they imply.
#ifndef BIFROST_SIGNALS_H
#define BIFROST_SIGNALS_H

// Signals sent by a process (kill, tkill, tgkill, rt_sigqueueinfo, pidfd_send_signal), not the kernel's own
// (SIGCHLD at exit, faults): those carry SI_USER, SI_QUEUE or SI_TKILL.
SEC("tp_btf/signal_generate")
int BPF_PROG(on_signal, int sig, struct kernel_siginfo *info, struct task_struct *target, int group, int result)
{
    if ((unsigned long)info <= 1)
        return 0;
    int code = BPF_CORE_READ(info, si_code);
    if (code != 0 && code != -1 && code != -6)
        return 0;
    __u64 cg = scope(0);
    if (!cg)
        return 0;
    __u32 same = task_in_scope(target);
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    const struct cred *c = BPF_CORE_READ(task, cred);
    const struct cred *t = BPF_CORE_READ(target, real_cred);
    __u32 euid = BPF_CORE_READ(c, euid.val), uid = BPF_CORE_READ(c, uid.val);
    __u32 tuid = BPF_CORE_READ(t, uid.val), tsuid = BPF_CORE_READ(t, suid.val);
    if (euid != tsuid && euid != tuid && uid != tsuid && uid != tuid)
        infer_cap(cg, BF_CAP_KILL);
    struct bf_agg *a = get_agg(cg);
    if (!a)
        return 0;
    __u64 *word = same ? &a->signals_same : &a->signals_other;
    if (!first_bit(word, sig))
        return 0;
    struct scratch *s = begin(BF_EV_SIGNAL, cg);
    if (!s)
        return 0;
    s->ev.a = sig;
    s->ev.b = same;
    if (submit(s, 0))
        __sync_fetch_and_and(word, ~(1ULL << (sig & 63)));
    return 0;
}

#endif
