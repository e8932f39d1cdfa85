// Paths resolved by the kernel: the walk from a dentry to the task's root, the strings appended to a record, and
// the current task's open file for an fd.
#ifndef BIFROST_PATHS_H
#define BIFROST_PATHS_H

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

#endif
