// File locks taken with fcntl or flock, seen at the kernel's lock tracepoints (the on_fcntl_lock and on_flock
// programs).
#ifndef BIFROST_LOCKS_H
#define BIFROST_LOCKS_H

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

#endif
