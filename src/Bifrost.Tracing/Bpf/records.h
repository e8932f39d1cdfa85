// Ring-buffer records (begin, submit) and the per-cgroup aggregation words that let a repeated socket,
// capability, signal or ptrace reach user space once.
#ifndef BIFROST_RECORDS_H
#define BIFROST_RECORDS_H

static __always_inline struct scratch *begin(__u32 kind, __u64 cg)
{
    struct scratch *s = get_scratch();
    if (!s)
        return 0;
    __builtin_memset(&s->ev, 0, sizeof(s->ev));
    s->ev.kind = kind;
    s->ev.pid = bpf_get_current_pid_tgid() >> 32;
    s->ev.cgid = cg;
    return s;
}

// Sends the event; wakes the reader only when the ring is filling so that bursts are batched.
static __always_inline int submit(struct scratch *s, __u32 len)
{
    struct bf_config *c = get_config();
    __u64 flags = BPF_RB_NO_WAKEUP;
    if (c && bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >= c->wakeup_bytes)
        flags = BPF_RB_FORCE_WAKEUP;
    if (len > sizeof(s->data))
        len = sizeof(s->data);
    __u32 size = sizeof(struct bf_event) + len;
    long err = bpf_ringbuf_output(&events, &s->ev, size, flags);
    if (err) {
        count(0);
        return -1;
    }
    count(1);
    return 0;
}

static __always_inline struct bf_agg *get_agg(__u64 cg)
{
    struct bf_agg *a = bpf_map_lookup_elem(&agg, &cg);
    if (a)
        return a;
    struct bf_agg zero = {};
    bpf_map_update_elem(&agg, &cg, &zero, BPF_NOEXIST);
    return bpf_map_lookup_elem(&agg, &cg);
}

// Sets a bit in one of the cgroup's aggregation words; true when it was not set before.
static __always_inline int first_bit(__u64 *word, __u32 bit)
{
    __u64 mask = 1ULL << (bit & 63);
    if (*word & mask)
        return 0;
    return !(__sync_fetch_and_or(word, mask) & mask);
}

#endif
