// The maps and globals user space shares with the program (configuration, counters, the ring buffer, the traced
// cgroups, the seen LRU, per-cgroup aggregation, set*id stashes, pending scripts, per-CPU scratch), and scope():
// whether the current task is one the program traces at all.
#ifndef BIFROST_MAPS_H
#define BIFROST_MAPS_H

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct bf_config);
} bf_config_map SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct bf_counters);
} counters SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 1 << 22);
} events SEC(".maps");

// What is known about a cgroup of the traced subtree (BF_CG_*): one lookup answers both "excluded?" (the
// tracer's own container) and "started?" (its application has exec'd: the runtime's setup before that is not the app).
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4096);
    __type(key, __u64);
    __type(value, __u8);
} cgroups SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 32768);
    __type(key, struct bf_seen_key);
    __type(value, __u8);
} seen SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 4096);
    __type(key, __u64);
    __type(value, struct bf_agg);
} agg SEC(".maps");

struct stash {
    __u64 args[6];
    __u32 op;
    __u32 uid;
    __u32 gid;
    __u32 extra;
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 16384);
    __type(key, __u64);
    __type(value, struct stash);
} stashes SEC(".maps");

struct pending_script {
    char name[USTR_MAX];
};

// How many entries the scripts map holds: while it is zero, an open needs no lookup there.
__u32 pending_scripts = 0;

// Scripts whose interpreter has not yet opened them: the open gives the kernel-resolved script path.
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 1024);
    __type(key, __u32);
    __type(value, struct pending_script);
} scripts SEC(".maps");

struct scratch {
    struct bf_event ev;
    char data[2 * PATH_HALF + 2 * USTR_MAX];
    char tmp[2 * PATH_HALF];
    char ustr[USTR_MAX];
};

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct scratch);
} scratches SEC(".maps");

static __always_inline struct bf_config *get_config(void)
{
    __u32 zero = 0;
    return bpf_map_lookup_elem(&bf_config_map, &zero);
}

static __always_inline void count(int which)
{
    __u32 zero = 0;
    struct bf_counters *c = bpf_map_lookup_elem(&counters, &zero);
    if (!c)
        return;
    if (which == 0)
        __sync_fetch_and_add(&c->dropped, 1);
    else
        __sync_fetch_and_add(&c->emitted, 1);
}

// Returns the current cgroup id when the current task is in the traced subtree, is not excluded
// and (unless any_phase) its cgroup has started; 0 otherwise. No string work happens before this.
// Only cgroups inside the subtree ever enter the cgroups map (on_exec checks ancestry first), so on the hot
// paths (any_phase 0) one map lookup by the current cgroup answers everything: a task elsewhere on the
// node pays a few loads and that lookup. Fields are direct loads through BTF, not helper calls.
static __always_inline __u64 scope(int any_phase)
{
    struct task_struct *task = bpf_get_current_task_btf();
    __u64 cg = task->cgroups->dfl_cgrp->kn->id;
    __u8 *state = bpf_map_lookup_elem(&cgroups, &cg);
    struct bf_config *c = get_config();
    if (!c || !c->target_cgid)
        return 0;
    if (state) {
        if (*state == BF_CG_EXCLUDED)
            return 0;
    } else {
        if (!any_phase)
            return 0;
        if (bpf_get_current_ancestor_cgroup_id(c->target_level) != c->target_cgid)
            return 0;
    }
    if ((__u32)task->tgid == c->tracer_tgid)
        return 0;
    return cg;
}

static __always_inline struct scratch *get_scratch(void)
{
    __u32 zero = 0;
    return bpf_map_lookup_elem(&scratches, &zero);
}

#endif
