// SPDX-License-Identifier: GPL-2.0
// Bifrost's in-kernel half: records what the processes of one cgroup subtree do, resolved by the kernel,
// de-duplicated and aggregated here so that a busy application does not flood user space.
// Baseline hooks are syscall tracepoints and BTF tracepoints (they load wherever BTF exists);
// the fentry/kprobe programs for cap_capable are optional and picked by user space at start.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

#include "bifrost.h"

#define PATH_HALF 4096
#define PATH_MASK (PATH_HALF - 1)
#define NAME_MAX_LEN 255
#define MAX_DEPTH 48
#define USTR_MAX 256

#define FMODE_READ 0x1
#define FMODE_WRITE 0x2
#define FMODE_PATH 0x4000
#define FMODE_CREATED 0x100000
#define O_APPEND_FLAG 02000
#define PROT_EXEC_FLAG 0x4
#define S_IFMT_BITS 0170000
#define S_IFDIR_BITS 0040000
#define S_IFSOCK_BITS 0140000
#define S_IFCHR_BITS 0020000
#define S_IFBLK_BITS 0060000
#define PROC_MAGIC 0x9fa0
#define AF_UNIX_FAMILY 1
#define AF_INET_FAMILY 2
#define AF_INET6_FAMILY 10
#define AF_PACKET_FAMILY 17
#define SOCK_RAW_TYPE 3
#define AT_FDCWD_VALUE -100
#define EINPROGRESS_VALUE 115
#define CAP_OPT_NOAUDIT_BIT 0x2

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

struct walk {
    struct scratch *s;
    struct dentry *dentry;
    struct vfsmount *vfsmnt;
    struct mount *mnt;
    struct dentry *root_d;
    struct vfsmount *root_m;
    int off;
};

// One step of the walk from a dentry to the root; bpf_loop keeps the verifier's work independent of depth.
static long walk_step(__u32 i, void *arg)
{
    struct walk *w = arg;
    struct scratch *s = w->s;
    struct dentry *dentry = w->dentry;
    struct vfsmount *vfsmnt = w->vfsmnt;
    struct mount *mnt = w->mnt;
    if (dentry == w->root_d && vfsmnt == w->root_m)
        return 1;
    struct dentry *mnt_root = BPF_CORE_READ(vfsmnt, mnt_root);
    struct dentry *parent = BPF_CORE_READ(dentry, d_parent);
    if (dentry == mnt_root || dentry == parent) {
        struct mount *mp = BPF_CORE_READ(mnt, mnt_parent);
        if (mp == mnt || dentry != mnt_root)
            return 1;
        w->dentry = BPF_CORE_READ(mnt, mnt_mountpoint);
        w->mnt = mp;
        w->vfsmnt = (struct vfsmount *)((char *)mp + bpf_core_field_offset(struct mount, mnt));
        return 0;
    }
    struct qstr name = BPF_CORE_READ(dentry, d_name);
    __u32 len = name.len & NAME_MAX_LEN;
    int off = w->off;
    if (off - (int)len - 1 < 0)
        return 1;
    off -= len;
    bpf_probe_read_kernel(&s->tmp[off & PATH_MASK], len, name.name);
    off -= 1;
    s->tmp[off & PATH_MASK] = '/';
    w->off = off;
    w->dentry = parent;
    return 0;
}

// Builds the absolute path of (dentry, vfsmount) backwards into s->tmp, crossing mounts, stopping at the
// task's root (so a container's paths are relative to its own root). Returns the offset of the first byte;
// the path ends at PATH_HALF.
static __noinline int build_path(struct scratch *s, struct dentry *dentry, struct vfsmount *vfsmnt)
{
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    struct walk w = {
        .s = s,
        .dentry = dentry,
        .vfsmnt = vfsmnt,
        .mnt = container_of(vfsmnt, struct mount, mnt),
        .root_d = BPF_CORE_READ(task, fs, root.dentry),
        .root_m = BPF_CORE_READ(task, fs, root.mnt),
        .off = PATH_HALF,
    };
    bpf_loop(MAX_DEPTH, walk_step, &w, 0);
    int off = w.off;
    if (off >= PATH_HALF) {
        off = PATH_HALF - 1;
        s->tmp[off & PATH_MASK] = '/';
    }
    if (off < 0)
        off = 0;
    return off;
}

// Appends a kernel-built path to the event data at *len.
static __always_inline void append_path(struct scratch *s, struct dentry *d, struct vfsmount *m, __u32 *len, __u16 *field)
{
    int off = build_path(s, d, m);
    __u32 n = (PATH_HALF - off) & PATH_MASK;
    __u32 at = *len & PATH_MASK;
    if (n == 0)
        n = 1;
    bpf_probe_read_kernel(&s->data[at], n, &s->tmp[off & PATH_MASK]);
    *field = n;
    *len = at + n;
}

static __always_inline void append_file_path(struct scratch *s, struct file *f, __u32 *len, __u16 *field)
{
    append_path(s, BPF_CORE_READ(f, f_path.dentry), BPF_CORE_READ(f, f_path.mnt), len, field);
}

static __always_inline void append_cwd(struct scratch *s, __u32 *len, __u16 *field)
{
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    append_path(s, BPF_CORE_READ(task, fs, pwd.dentry), BPF_CORE_READ(task, fs, pwd.mnt), len, field);
}

static __always_inline void append_user_str(struct scratch *s, const char *ustr, __u32 *len, __u16 *field)
{
    __u32 at = *len & (2 * PATH_HALF - 1);
    long n = bpf_probe_read_user_str(&s->data[at], USTR_MAX, ustr);
    if (n <= 0) {
        *field = 0;
        return;
    }
    *field = (n - 1) & (USTR_MAX - 1);
    *len = at + *field;
}

static __always_inline void append_kernel_str(struct scratch *s, const char *kstr, __u32 *len, __u16 *field)
{
    __u32 at = *len & (2 * PATH_HALF - 1);
    long n = bpf_probe_read_kernel_str(&s->data[at], USTR_MAX, kstr);
    if (n <= 0) {
        *field = 0;
        return;
    }
    *field = (n - 1) & (USTR_MAX - 1);
    *len = at + *field;
}

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

// The current task's open file for fd. Direct loads through BTF-typed pointers (no helper call per field);
// only the slot of the fd array, an untyped pointer, takes one probe read.
static __always_inline struct file *fd_file(int fd)
{
    struct task_struct *task = bpf_get_current_task_btf();
    struct fdtable *fdt = task->files->fdt;
    struct file *f = 0;
    if (fd < 0 || (unsigned int)fd >= fdt->max_fds)
        return 0;
    bpf_probe_read_kernel(&f, sizeof(f), &fdt->fd[fd]);
    return f;
}

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

// A struct's leading bytes in one probe read; the fields a hot path needs are then taken from the copy at
// their CO-RE offsets. A field that lies beyond the copy on some kernel is read on its own instead.
#define HEAD_BYTES 128
#define HEAD_FIELD(head, ptr, type, field, T) \
    (bpf_core_field_offset(type, field) + sizeof(T) <= HEAD_BYTES \
        ? *(T *)&(head)[bpf_core_field_offset(type, field) & (HEAD_BYTES - 1)] \
        : (T)BPF_CORE_READ((type *)(ptr), field))

// What the file paths need of one open file, read with two probe reads (its struct file and its inode).
struct file_facts {
    struct inode *inode;
    struct super_block *sb;
    __u64 fs_id;
    __u64 ino;
    __u32 fmode;
    __u32 fflags;
    __u32 imode;
};

#ifdef BF_TYPED_FILES
// Built a second time with BF_TYPED_FILES for kernels that have bpf_rdonly_cast (6.2 and later): the file
// pointer becomes BTF-typed, its fields direct loads, and the two probe reads below go away. User space loads
// this build first and falls back to the other where the kfunc is missing.
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym;

static __always_inline int read_file_facts(struct file *untyped, struct file_facts *ff)
{
    struct file *f = bpf_rdonly_cast(untyped, bpf_core_type_id_kernel(struct file));
    struct inode *inode = f->f_inode;
    if (!inode)
        return -1;
    ff->fmode = f->f_mode;
    ff->fflags = f->f_flags;
    ff->inode = inode;
    ff->imode = inode->i_mode;
    ff->sb = inode->i_sb;
    // A typed pointer cannot become a number for the key: the device number names the filesystem instead.
    ff->fs_id = inode->i_sb->s_dev;
    ff->ino = inode->i_ino;
    return 0;
}
#else
static __always_inline int read_file_facts(struct file *f, struct file_facts *ff)
{
    char head[HEAD_BYTES];
    if (bpf_probe_read_kernel(head, sizeof(head), f))
        return -1;
    ff->fmode = HEAD_FIELD(head, f, struct file, f_mode, __u32);
    ff->fflags = HEAD_FIELD(head, f, struct file, f_flags, __u32);
    ff->inode = HEAD_FIELD(head, f, struct file, f_inode, struct inode *);
    if (!ff->inode || bpf_probe_read_kernel(head, sizeof(head), ff->inode))
        return -1;
    ff->imode = HEAD_FIELD(head, ff->inode, struct inode, i_mode, __u16);
    ff->sb = HEAD_FIELD(head, ff->inode, struct inode, i_sb, struct super_block *);
    ff->ino = HEAD_FIELD(head, ff->inode, struct inode, i_ino, __u64);
    ff->fs_id = (__u64)ff->sb;
    return 0;
}
#endif

// A small two-way cache of 64-bit fingerprints in front of the seen LRU: a repeat found here costs a few
// multiplications and one cache line (64 KiB in all) instead of a hash-map call that touches buckets spread
// over megabytes. Shared by all CPUs without locks: an aligned 8-byte store cannot tear. It only ever holds keys
// the LRU has already reported, so a miss here just asks the LRU; two keys sharing a fingerprint (a 2^-64
// chance per pair) would hide the second.
#define L1_SETS 4096

__u64 seen_l1[L1_SETS * 2];

static __always_inline __u64 mix64(__u64 h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

static __always_inline __u64 l1_fingerprint(struct bf_seen_key *k)
{
    __u64 h = mix64(k->cgid ^ 0x9e3779b97f4a7c15ULL);
    h = mix64(h ^ k->ino);
    h = mix64(h ^ k->fs);
    return mix64(h ^ k->access) | 1;
}

static __always_inline __u64 *l1_set(__u64 fp)
{
    return &seen_l1[((fp >> 17) & (L1_SETS - 1)) * 2];
}

static __always_inline int l1_has(__u64 *set, __u64 fp)
{
    return set[0] == fp || set[1] == fp;
}

// The newest key goes first; the one it displaces moves to the second way.
static __always_inline void l1_put(__u64 *set, __u64 fp)
{
    __u64 first = set[0];
    if (first != fp) {
        set[1] = first;
        set[0] = fp;
    }
}

// First sight of a file access in this cgroup: the slow path (LRU insert, /proc check, path walk, record).
static __noinline void emit_new_file(struct bf_seen_key *key, struct file *f, struct file_facts *ff)
{
    __u64 cg = key->cgid;
    __u32 access = key->access;
    __u8 one = 1;
    bpf_map_update_elem(&seen, key, &one, BPF_ANY);
    // A repeat of the same /proc file names the same process, so this check runs once per key as well.
    if (access & BF_ACC_READ)
        check_proc_read(cg, ff->inode, ff->sb);
    struct scratch *s = begin(BF_EV_FILE, cg);
    if (!s)
        return;
    s->ev.a = access;
    s->ev.b = (ff->imode & S_IFMT_BITS) == S_IFDIR_BITS;
    __u32 len = 0;
    append_file_path(s, f, &len, &s->ev.len1);
    if (submit(s, len))
        bpf_map_delete_elem(&seen, key);
}

// Emits a file access unless this cgroup already reported it. The de-dup key comes from the file object
// (inode and superblock), so a repeat costs the fingerprint cache or one LRU lookup: no path walk, no
// ring-buffer reservation, and no BPF-to-BPF call (each return is costly under SRSO-style mitigations).
static __always_inline void emit_file_facts(__u64 cg, struct file *f, struct file_facts *ff, __u32 access)
{
    struct bf_seen_key key = {};
    key.cgid = cg;
    key.ino = ff->ino;
    key.fs = ff->fs_id;
    key.access = access;
    __u64 fp = l1_fingerprint(&key);
    __u64 *set = l1_set(fp);
    if (l1_has(set, fp))
        return;
    if (bpf_map_lookup_elem(&seen, &key)) {
        l1_put(set, fp);
        return;
    }
    emit_new_file(&key, f, ff);
}

static __always_inline void emit_file(__u64 cg, struct file *f, __u32 access)
{
    struct file_facts ff = {};
    if (!read_file_facts(f, &ff))
        emit_file_facts(cg, f, &ff, access);
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(on_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
    __u64 cg = scope(1);
    if (!cg)
        return 0;
    __u8 one = 1;
    __u8 *state = bpf_map_lookup_elem(&cgroups, &cg);
    if (!state) {
        __u8 started = BF_CG_STARTED;
        bpf_map_update_elem(&cgroups, &cg, &started, BPF_NOEXIST);
    }
    struct file *f = bprm->file;
    const char *filename = bprm->filename;
    int script = filename != bprm->interp;
    if (script) {
        __u32 tgid = bpf_get_current_pid_tgid() >> 32;
        struct scratch *s = get_scratch();
        if (s) {
            __builtin_memset(s->ustr, 0, USTR_MAX);
            bpf_probe_read_kernel_str(s->ustr, USTR_MAX, filename);
            if (!bpf_map_update_elem(&scripts, &tgid, s->ustr, BPF_NOEXIST))
                __sync_fetch_and_add(&pending_scripts, 1);
            else
                bpf_map_update_elem(&scripts, &tgid, s->ustr, BPF_ANY);
        }
    } else {
        // A process that execs again no longer runs the interpreter of a script it never opened.
        if (pending_scripts) {
            __u32 tgid = bpf_get_current_pid_tgid() >> 32;
            if (!bpf_map_delete_elem(&scripts, &tgid))
                __sync_fetch_and_add(&pending_scripts, -1);
        }
        // bprm is BTF-typed here, so the file's fields are direct loads.
        struct inode *inode = f->f_inode;
        struct bf_seen_key key = {};
        key.cgid = cg;
        key.ino = inode->i_ino;
        key.fs = inode->i_sb->s_dev;
        key.access = BF_ACC_EXEC_EVENT;
        if (bpf_map_lookup_elem(&seen, &key))
            return 0;
        bpf_map_update_elem(&seen, &key, &one, BPF_ANY);
    }
    struct scratch *s = begin(BF_EV_EXEC, cg);
    if (!s)
        return 0;
    s->ev.a = script;
    __u32 len = 0;
    append_file_path(s, f, &len, &s->ev.len1);
    if (script)
        append_kernel_str(s, filename, &len, &s->ev.len2);
    submit(s, len);
    return 0;
}

// x86_64 syscall numbers (the only table this program carries so far).
#define NR_open 2
#define NR_mmap 9
#define NR_socket 41
#define NR_connect 42
#define NR_bind 49
#define NR_fcntl 72
#define NR_flock 73
#define NR_rename 82
#define NR_mkdir 83
#define NR_rmdir 84
#define NR_creat 85
#define NR_link 86
#define NR_unlink 87
#define NR_symlink 88
#define NR_chmod 90
#define NR_fchmod 91
#define NR_chown 92
#define NR_fchown 93
#define NR_lchown 94
#define NR_ptrace 101
#define NR_setuid 105
#define NR_setgid 106
#define NR_setreuid 113
#define NR_setregid 114
#define NR_setgroups 116
#define NR_setresuid 117
#define NR_setresgid 119
#define NR_mknod 133
#define NR_chroot 161
#define NR_mount 165
#define NR_umount2 166
#define NR_sethostname 170
#define NR_setdomainname 171
#define NR_openat 257
#define NR_mkdirat 258
#define NR_mknodat 259
#define NR_fchownat 260
#define NR_unlinkat 263
#define NR_renameat 264
#define NR_linkat 265
#define NR_symlinkat 266
#define NR_fchmodat 268
#define NR_renameat2 316
#define NR_openat2 437
#define NR_fchmodat2 452

// An interpreter opens its script by the very string the kernel passed it; a match marks the open whose
// file object gives the script's resolved path.
static __noinline int is_script_open(const char *ufilename)
{
    __u32 tgid = bpf_get_current_pid_tgid() >> 32;
    struct pending_script *p = bpf_map_lookup_elem(&scripts, &tgid);
    if (!p)
        return 0;
    struct scratch *s = get_scratch();
    if (!s)
        return 0;
    long n = bpf_probe_read_user_str(s->ustr, USTR_MAX, ufilename);
    if (n <= 0)
        return 0;
    for (int i = 0; i < USTR_MAX; i++) {
        if (s->ustr[i] != p->name[i])
            return 0;
        if (!s->ustr[i])
            break;
    }
    if (!bpf_map_delete_elem(&scripts, &tgid))
        __sync_fetch_and_add(&pending_scripts, -1);
    return 1;
}

// The name an open syscall was given, read only while some script waits for its interpreter's open.
static __always_inline const char *open_name(long id)
{
    struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
    return (const char *)(id == NR_open || id == NR_creat ? regs->di : regs->si);
}

static __always_inline int on_open_exit(__u64 cg, long fd, long id)
{
    struct file *f = fd_file(fd);
    if (!f)
        return 0;
    if (pending_scripts && is_script_open(open_name(id))) {
        struct scratch *s = begin(BF_EV_SCRIPT, cg);
        if (s) {
            __u32 len = 0;
            append_file_path(s, f, &len, &s->ev.len1);
            submit(s, len);
        }
    }
    struct file_facts ff = {};
    if (read_file_facts(f, &ff))
        return 0;
    __u32 fmode = ff.fmode;
    if (fmode & FMODE_PATH)
        return 0;
    __u32 access = 0;
    if (fmode & FMODE_READ)
        access |= BF_ACC_READ;
    if (fmode & FMODE_WRITE)
        access |= (ff.fflags & O_APPEND_FLAG) ? BF_ACC_APPEND : BF_ACC_WRITE;
    if (fmode & FMODE_CREATED)
        access |= BF_ACC_CREATE;
    emit_file_facts(cg, f, &ff, access);
    return 0;
}

static __noinline void emit_socket(__u64 cg, struct socket *sock)
{
    struct sock *sk = BPF_CORE_READ(sock, sk);
    __u32 family = BPF_CORE_READ(sk, __sk_common.skc_family);
    __u32 type = BPF_CORE_READ(sock, type);
    __u32 protocol = BPF_CORE_READ_BITFIELD_PROBED(sk, sk_protocol);
    if ((type == SOCK_RAW_TYPE && (family == AF_INET_FAMILY || family == AF_INET6_FAMILY)) || family == AF_PACKET_FAMILY)
        infer_cap(cg, BF_CAP_NET_RAW);
    struct bf_agg *a = get_agg(cg);
    if (!a || !first_bit(&a->sockets[type & 7], family))
        return;
    struct scratch *s = begin(BF_EV_SOCKET, cg);
    if (!s)
        return;
    s->ev.a = family;
    s->ev.b = type;
    s->ev.c = protocol;
    if (submit(s, 0))
        __sync_fetch_and_and(&a->sockets[type & 7], ~(1ULL << (family & 63)));
}

static __always_inline struct socket *fd_socket(int fd)
{
    struct file *f = fd_file(fd);
    if (!f)
        return 0;
    if ((BPF_CORE_READ(f, f_inode, i_mode) & S_IFMT_BITS) != S_IFSOCK_BITS)
        return 0;
    return BPF_CORE_READ(f, private_data);
}

static __noinline void emit_unix(__u64 cg, struct socket *sock, __u32 op)
{
    struct sock *sk = BPF_CORE_READ(sock, sk);
    struct unix_sock *u = (struct unix_sock *)sk;
    if (op == BF_UNIX_CONNECT) {
        struct sock *peer = BPF_CORE_READ(u, peer);
        if (!peer)
            return;
        u = (struct unix_sock *)peer;
    }
    struct scratch *s = begin(BF_EV_UNIX, cg);
    if (!s)
        return;
    s->ev.a = op;
    s->ev.b = BPF_CORE_READ(sock, type);
    __u32 len = 0;
    struct dentry *d = BPF_CORE_READ(u, path.dentry);
    if (d) {
        append_path(s, d, BPF_CORE_READ(u, path.mnt), &len, &s->ev.len1);
    } else {
        struct unix_address *addr = BPF_CORE_READ(u, addr);
        if (!addr)
            return;
        int alen = BPF_CORE_READ(addr, len) - 2;
        if (alen <= 0)
            return;
        __u32 n = alen & (USTR_MAX - 1);
        bpf_probe_read_kernel(&s->data[0], n, (char *)addr + bpf_core_field_offset(struct unix_address, name) + 2);
        s->ev.len2 = n;
        len = n;
    }
    submit(s, len);
}

// op_access packs the operation (high half) and the access (low half) to stay within five arguments.
static __noinline void path_op(__u64 cg, __u32 uid, __u32 op_access, int dirfd, const char *name)
{
    struct scratch *s = begin(BF_EV_PATHOP, cg);
    if (!s)
        return;
    s->ev.a = op_access & 0xffff;
    s->ev.b = op_access >> 16;
    s->ev.c = uid;
    __u32 len = 0;
    if (dirfd == AT_FDCWD_VALUE) {
        append_cwd(s, &len, &s->ev.len1);
    } else {
        struct file *f = fd_file(dirfd);
        if (!f)
            return;
        append_file_path(s, f, &len, &s->ev.len1);
    }
    append_user_str(s, name, &len, &s->ev.len2);
    submit(s, len);
}

static __noinline void emit_mount(__u64 cg, const char *source, const char *target, const char *fstype)
{
    struct scratch *s = begin(BF_EV_MOUNT, cg);
    if (!s)
        return;
    __u32 len = 0;
    append_cwd(s, &len, &s->ev.len1);
    append_user_str(s, target, &len, &s->ev.len2);
    append_user_str(s, source, &len, &s->ev.len3);
    append_user_str(s, fstype, &len, &s->ev.len4);
    submit(s, len);
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

// setuid and friends are judged against the credentials before the call, so they are saved at entry.
// Global functions are verified once, on their own, whichever program calls them.
__noinline int handle_enter(long id)
{
    __u32 op;
    int n;
    switch (id) {
    case NR_setuid: op = BF_OP_SETUID; n = 1; break;
    case NR_setreuid: op = BF_OP_SETREUID; n = 2; break;
    case NR_setresuid: op = BF_OP_SETRESUID; n = 3; break;
    case NR_setgid: op = BF_OP_SETGID; n = 1; break;
    case NR_setregid: op = BF_OP_SETREGID; n = 2; break;
    case NR_setresgid: op = BF_OP_SETRESGID; n = 3; break;
    default: return 0;
    }
    if (!scope(0))
        return 0;
    struct task_struct *task = bpf_get_current_task_btf();
    struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(task);
    __u64 a0 = regs->di, a1 = regs->si, a2 = regs->dx;
    const struct cred *cred = task->cred;
    struct stash st = {};
    st.op = op;
    if (op == BF_OP_SETUID || op == BF_OP_SETREUID || op == BF_OP_SETRESUID)
        st.extra = needs_id_cap(cred->uid.val, cred->euid.val, cred->suid.val, a0, a1, a2, n);
    else
        st.extra = needs_id_cap(cred->gid.val, cred->egid.val, cred->sgid.val, a0, a1, a2, n);
    if (!st.extra)
        return 0;
    __u64 tid = bpf_get_current_pid_tgid();
    bpf_map_update_elem(&stashes, &tid, &st, BPF_ANY);
    return 1;
}

// Syscall tracepoints fire only for the syscalls they are attached to (user space attaches this one to the
// set*id entries), so the rest of the system's syscalls never run a BPF program.
// Only the syscall number is read from the record: a program may not read past the shortest record it is
// attached to (setuid's has one argument), so the arguments come from the saved registers.
struct syscall_enter_ctx {
    __u64 common;
    int nr;
};

SEC("tracepoint")
int on_syscall_enter(struct syscall_enter_ctx *ctx)
{
    handle_enter(ctx->nr);
    return 0;
}

// Where the kernel has the cap_capable tracepoint, the set*id syscalls' own CAP_SETUID/CAP_SETGID checks are
// seen as they happen, so no entry hook (which would sit on every syscall of every task) is needed for them.
// Only checks made inside those syscalls count: elsewhere a check may be one AppArmor never audits.
SEC("tp_btf/cap_capable")
int BPF_PROG(on_cap_check, const struct cred *cred, struct user_namespace *target_ns, const struct user_namespace *ns, int cap, int ret)
{
    if ((cap != BF_CAP_SETUID && cap != BF_CAP_SETGID) || ret != 0)
        return 0;
    struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
    switch (regs->orig_ax) {
    case NR_setuid: case NR_setreuid: case NR_setresuid: case NR_setgid: case NR_setregid: case NR_setresgid:
        break;
    default:
        return 0;
    }
    __u64 cg = scope(0);
    if (cg)
        infer_cap(cg, cap);
    return 0;
}

// The fallback where syscall tracepoints cannot be attached (no tracefs): runs on every syscall.
SEC("tp_btf/sys_enter")
int BPF_PROG(on_sys_enter, struct pt_regs *regs, long id)
{
    switch (id) {
    case NR_setuid: case NR_setreuid: case NR_setresuid: case NR_setgid: case NR_setregid: case NR_setresgid:
        handle_enter(id);
        return 0;
    default:
        return 0;
    }
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

static __noinline int exit_net(__u64 cg, long id, long ret, int fd)
{
    if (id == NR_socket) {
        struct socket *sock = fd_socket(ret);
        if (sock)
            emit_socket(cg, sock);
        return 0;
    }
    struct socket *sock = fd_socket(fd);
    if (!sock)
        return 0;
    struct sock *sk = BPF_CORE_READ(sock, sk);
    __u32 family = BPF_CORE_READ(sk, __sk_common.skc_family);
    if (id == NR_connect) {
        if (family == AF_UNIX_FAMILY)
            emit_unix(cg, sock, BF_UNIX_CONNECT);
        return 0;
    }
    if (family == AF_UNIX_FAMILY) {
        emit_unix(cg, sock, BF_UNIX_BIND);
    } else if (family == AF_INET_FAMILY || family == AF_INET6_FAMILY) {
        __u16 port = BPF_CORE_READ(sk, __sk_common.skc_num);
        if (port && port < 1024)
            infer_cap(cg, BF_CAP_NET_BIND_SERVICE);
    }
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

// Everything after a syscall returned successfully; the arguments come from the registers saved at entry
// (x86_64 syscall convention).
__noinline int handle_exit(long id, long ret)
{
    // Opens are by far the most frequent: they need neither the arguments nor a second helper.
    if (id == NR_open || id == NR_creat || id == NR_openat || id == NR_openat2) {
        __u64 cg = scope(0);
        if (cg)
            on_open_exit(cg, ret, id);
        return 0;
    }
    struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
    __u64 a0 = regs->di;
    __u64 a1 = regs->si;
    __u64 a2 = regs->dx;
    __u64 a3 = regs->r10;
    __u64 a4 = regs->r8;
    if (id == NR_fcntl && a1 != 6 && a1 != 7 && a1 != 37 && a1 != 38)
        return 0;
    if (id == NR_mmap && (!(a2 & PROT_EXEC_FLAG) || (long)a4 < 0))
        return 0;
    __u64 cg = scope(0);
    if (!cg)
        return 0;
    __u32 uid;
    switch (id) {
    case NR_mmap:
        if ((a2 & PROT_EXEC_FLAG) && (long)a4 >= 0) {
            struct file *f = fd_file((int)a4);
            if (f)
                emit_file(cg, f, BF_ACC_MMAP_EXEC);
        }
        return 0;
    case NR_fcntl:
        // F_SETLK, F_SETLKW, F_OFD_SETLK, F_OFD_SETLKW
        if (a1 != 6 && a1 != 7 && a1 != 37 && a1 != 38)
            return 0;
        /* fall through */
    case NR_flock: {
        struct file *f = fd_file((int)a0);
        if (f)
            emit_file(cg, f, BF_ACC_LOCK);
        return 0;
    }
    case NR_socket: case NR_connect: case NR_bind:
        return exit_net(cg, id, ret, (int)a0);
    case NR_chown: case NR_lchown: case NR_fchown: case NR_fchownat:
        return exit_owner(cg, id, a1, a2, a3);
    case NR_fchmod: {
        struct file *f = fd_file((int)a0);
        if (f && BPF_CORE_READ(f, f_inode, i_uid.val) != current_fsuid())
            infer_cap(cg, BF_CAP_FOWNER);
        return 0;
    }
    case NR_chmod:
        path_op(cg, current_fsuid(), BF_OP_CHMOD << 16, AT_FDCWD_VALUE, (const char *)a0);
        return 0;
    case NR_fchmodat: case NR_fchmodat2:
        path_op(cg, current_fsuid(), BF_OP_FCHMODAT << 16, (int)a0, (const char *)a1);
        return 0;
    case NR_setuid: case NR_setreuid: case NR_setresuid: case NR_setgid: case NR_setregid: case NR_setresgid:
        return exit_ids(cg, ret);
    case NR_setgroups:
        infer_cap(cg, BF_CAP_SETGID);
        return 0;
    case NR_mount:
        infer_cap(cg, BF_CAP_SYS_ADMIN);
        emit_mount(cg, (const char *)a0, (const char *)a1, (const char *)a2);
        return 0;
    case NR_umount2: case NR_sethostname: case NR_setdomainname:
        infer_cap(cg, BF_CAP_SYS_ADMIN);
        return 0;
    case NR_chroot:
        infer_cap(cg, BF_CAP_SYS_CHROOT);
        return 0;
    case NR_mknod: case NR_mknodat: {
        __u32 mode = id == NR_mknod ? a1 : a2;
        __u32 fmt = mode & S_IFMT_BITS;
        if (fmt == S_IFCHR_BITS || fmt == S_IFBLK_BITS)
            infer_cap(cg, BF_CAP_MKNOD);
        if (id == NR_mknod)
            path_op(cg, 0, (BF_OP_MKNOD << 16) | BF_ACC_CREATE, AT_FDCWD_VALUE, (const char *)a0);
        else
            path_op(cg, 0, (BF_OP_MKNODAT << 16) | BF_ACC_CREATE, (int)a0, (const char *)a1);
        return 0;
    }
    case NR_ptrace:
        return exit_ptrace(cg, a0);
    case NR_unlink: case NR_rmdir:
        path_op(cg, 0, (BF_OP_UNLINK << 16) | BF_ACC_DELETE, AT_FDCWD_VALUE, (const char *)a0);
        return 0;
    case NR_unlinkat:
        path_op(cg, 0, (BF_OP_UNLINKAT << 16) | BF_ACC_DELETE, (int)a0, (const char *)a1);
        return 0;
    case NR_mkdir:
        path_op(cg, 0, (BF_OP_MKDIR << 16) | BF_ACC_CREATE, AT_FDCWD_VALUE, (const char *)a0);
        return 0;
    case NR_mkdirat:
        path_op(cg, 0, (BF_OP_MKDIRAT << 16) | BF_ACC_CREATE, (int)a0, (const char *)a1);
        return 0;
    case NR_rename:
        path_op(cg, 0, (BF_OP_RENAME << 16) | BF_ACC_DELETE, AT_FDCWD_VALUE, (const char *)a0);
        path_op(cg, 0, (BF_OP_RENAME << 16) | BF_ACC_CREATE, AT_FDCWD_VALUE, (const char *)a1);
        return 0;
    case NR_renameat: case NR_renameat2:
        path_op(cg, 0, (BF_OP_RENAMEAT << 16) | BF_ACC_DELETE, (int)a0, (const char *)a1);
        path_op(cg, 0, (BF_OP_RENAMEAT << 16) | BF_ACC_CREATE, (int)a2, (const char *)a3);
        return 0;
    case NR_link:
        path_op(cg, 0, (BF_OP_LINK << 16) | BF_ACC_LINK, AT_FDCWD_VALUE, (const char *)a1);
        return 0;
    case NR_linkat:
        path_op(cg, 0, (BF_OP_LINKAT << 16) | BF_ACC_LINK, (int)a2, (const char *)a3);
        return 0;
    case NR_symlink:
        path_op(cg, 0, (BF_OP_SYMLINK << 16) | BF_ACC_CREATE, AT_FDCWD_VALUE, (const char *)a1);
        return 0;
    case NR_symlinkat:
        path_op(cg, 0, (BF_OP_SYMLINKAT << 16) | BF_ACC_CREATE, (int)a1, (const char *)a2);
        return 0;
    }
    return 0;
}

// A non-blocking connect that is still in progress has its peer already.
static __always_inline int failed(long id, long ret)
{
    return ret < 0 && !(id == NR_connect && ret == -EINPROGRESS_VALUE);
}

struct syscall_exit_ctx {
    __u64 common;
    int nr;
    int pad;
    long ret;
};

// Attached by user space to the exit tracepoint of each syscall handle_exit knows (fcntl and flock excepted
// when the lock tracepoints below are attached).
SEC("tracepoint")
int on_syscall_exit(struct syscall_exit_ctx *ctx)
{
    long id = ctx->nr;
    long ret = ctx->ret;
    if (failed(id, ret))
        return 0;
    handle_exit(id, ret);
    return 0;
}

// The fallback where syscall tracepoints cannot be attached (no tracefs): runs on every syscall.
SEC("tp_btf/sys_exit")
int BPF_PROG(on_sys_exit, struct pt_regs *regs, long ret)
{
    long id = regs->orig_ax;
    switch (id) {
    case NR_open: case NR_openat: case NR_openat2: case NR_creat: case NR_mmap: case NR_flock: case NR_fcntl:
    case NR_socket: case NR_connect: case NR_bind:
    case NR_chown: case NR_lchown: case NR_fchown: case NR_fchownat: case NR_chmod: case NR_fchmod: case NR_fchmodat:
    case NR_fchmodat2: case NR_setuid: case NR_setreuid: case NR_setresuid: case NR_setgid: case NR_setregid:
    case NR_setresgid: case NR_setgroups: case NR_mount: case NR_umount2: case NR_sethostname: case NR_setdomainname:
    case NR_chroot: case NR_mknod: case NR_mknodat: case NR_ptrace: case NR_unlink: case NR_unlinkat: case NR_rmdir:
    case NR_mkdir: case NR_mkdirat: case NR_rename: case NR_renameat: case NR_renameat2: case NR_link: case NR_linkat:
    case NR_symlink: case NR_symlinkat:
        break;
    default:
        return 0;
    }
    if (failed(id, ret))
        return 0;
    handle_exit(id, ret);
    return 0;
}

struct file_lock___old {
    struct file *fl_file;
} __attribute__((preserve_access_index));

// Locks taken with fcntl (F_SETLK, F_SETLKW, F_OFD_*) and flock, seen where the kernel handles them, so the
// far more frequent fcntl calls that take no lock run nothing. Every attempt counts: AppArmor checks "k" first.
static __always_inline int on_lock(struct file_lock *fl)
{
    if (!fl)
        return 0;
    __u64 cg = scope(0);
    if (!cg)
        return 0;
    struct file *f;
    if (bpf_core_field_exists(struct file_lock_core, flc_file))
        f = BPF_CORE_READ(fl, c.flc_file);
    else
        f = BPF_CORE_READ((struct file_lock___old *)fl, fl_file);
    if (f)
        emit_file(cg, f, BF_ACC_LOCK);
    return 0;
}

SEC("tp_btf/fcntl_setlk")
int BPF_PROG(on_fcntl_lock, struct inode *inode, struct file_lock *fl, int err)
{
    return on_lock(fl);
}

SEC("tp_btf/flock_lock_inode")
int BPF_PROG(on_flock, struct inode *inode, struct file_lock *fl, int err)
{
    return on_lock(fl);
}

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

// Precise capability checks where the kernel lets fentry or kprobes load; user space enables one of these.
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

SEC("fentry/cap_capable")
int BPF_PROG(fentry_capable, const struct cred *cred, struct user_namespace *ns, int cap, unsigned int opts)
{
    return on_capable(cap, opts);
}

SEC("kprobe/cap_capable")
int BPF_KPROBE(kprobe_capable, const struct cred *cred, struct user_namespace *ns, int cap, unsigned int opts)
{
    return on_capable(cap, opts);
}
