// The LSM-hook path: fexit programs on the kernel's security_* hooks, used instead of every syscall tracepoint
// where the kernel lets fentry/fexit load (user space picks one path at start; see HookPlan). A syscall
// tracepoint, once any is attached, sends every syscall of every task through the kernel's slow path; these
// hooks cost nothing to the syscalls they do not sit in.
//
// Each hook runs inside the syscall that reached it, so the syscall's number (orig_ax) and arguments (the
// registers saved at entry) are still there: a hook records only inside the syscalls the tracepoint path
// records, and where the tracepoint path reads the arguments, so does this one (handle_exit), which keeps the
// records alike. Success is the hook's own result (fexit), the check AppArmor makes: a call that passes it and
// fails later (a full disk) is still recorded, where the tracepoint path would not. Opens alone are taken past
// the LSM check (lsm_file_open), since drivers refuse some that the check passed.
//
// Not here, and why: capabilities come from fentry/cap_capable (this path loads only where fentry does, so
// they are always precise and the tracepoint path's inferences are not needed); executables, signals and locks
// are the non-syscall tracepoints both paths share (sched_process_exec, signal_generate, fcntl_setlk,
// flock_lock_inode), so security_bprm_check and security_task_kill add nothing. Programs of type BPF_PROG_TYPE_LSM
// are not used: they run as one LSM among the others and never see the combined result, and they need "bpf" in
// the kernel's lsm= list, which few distributions set.
#ifndef BIFROST_LSM_H
#define BIFROST_LSM_H

static __always_inline long current_syscall(void)
{
    struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
    return regs->orig_ax;
}

static __always_inline __u64 current_arg0(void)
{
    struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(bpf_get_current_task_btf());
    return regs->di;
}

// Opens are taken from do_filp_open's result, the function every open syscall calls (past security_file_open):
// the LSM check alone passes opens that the driver then refuses (/dev/tty without a controlling terminal), which
// the tracepoint path never records.
SEC("fexit/do_filp_open")
int BPF_PROG(lsm_file_open, int dfd, struct filename *pathname, const struct open_flags *op, struct file *ret)
{
    if ((unsigned long)ret >= (unsigned long)-4095L)
        return 0;
    long id = current_syscall();
    if (id != NR_openat && id != NR_open && id != NR_openat2 && id != NR_creat)
        return 0;
    __u64 cg = scope(0);
    if (cg)
        on_open_file(cg, ret, id);
    return 0;
}

SEC("fexit/security_mmap_file")
int BPF_PROG(lsm_mmap_file, struct file *file, unsigned long prot, unsigned long flags, int ret)
{
    if (ret || !file || !(prot & PROT_EXEC_FLAG) || current_syscall() != NR_mmap)
        return 0;
    __u64 cg = scope(0);
    if (cg)
        emit_file(cg, file, BF_ACC_MMAP_EXEC);
    return 0;
}

SEC("fexit/security_socket_post_create")
int BPF_PROG(lsm_socket_create, struct socket *sock, int family, int type, int protocol, int kern, int ret)
{
    if (ret || kern || current_syscall() != NR_socket)
        return 0;
    __u64 cg = scope(0);
    if (cg)
        emit_socket(cg, sock);
    return 0;
}

// A unix connect names its peer here, before the peer pointer is set on the socket.
SEC("fexit/security_unix_stream_connect")
int BPF_PROG(lsm_unix_connect, struct sock *sock, struct sock *other, struct sock *newsk, int ret)
{
    if (ret || current_syscall() != NR_connect)
        return 0;
    __u64 cg = scope(0);
    if (cg)
        emit_unix_sock(cg, (struct unix_sock *)other, sock->sk_type, BF_UNIX_CONNECT);
    return 0;
}

// Datagram unix sockets: the connect's check (sendmsg to an address makes it too, and is not a connect).
SEC("fexit/security_unix_may_send")
int BPF_PROG(lsm_unix_send, struct socket *sock, struct socket *other, int ret)
{
    if (ret || current_syscall() != NR_connect)
        return 0;
    __u64 cg = scope(0);
    if (cg)
        emit_unix_sock(cg, (struct unix_sock *)other->sk, sock->type, BF_UNIX_CONNECT);
    return 0;
}

// An abstract unix bind: its name is the address itself (a path bind is seen at security_path_mknod).
SEC("fexit/security_socket_bind")
int BPF_PROG(lsm_socket_bind, struct socket *sock, struct sockaddr *address, int addrlen, int ret)
{
    if (ret || addrlen <= 3 || address->sa_family != AF_UNIX_FAMILY || address->sa_data[0])
        return 0;
    __u64 cg = scope(0);
    if (!cg)
        return 0;
    struct scratch *s = begin(BF_EV_UNIX, cg);
    if (!s)
        return 0;
    s->ev.a = BF_UNIX_BIND;
    s->ev.b = sock->type;
    __u32 n = (addrlen - 2) & (USTR_MAX - 1);
    bpf_probe_read_kernel(&s->data[0], n, (char *)address + 2);
    s->ev.len2 = n;
    submit(s, n);
    return 0;
}

// A unix bind to a path creates the socket file, which is seen here with its resolved path.
static __noinline void emit_unix_bind_path(__u64 cg, struct dentry *dentry, struct vfsmount *mnt)
{
    struct socket *sock = fd_socket((int)current_arg0());
    if (!sock)
        return;
    struct scratch *s = begin(BF_EV_UNIX, cg);
    if (!s)
        return;
    s->ev.a = BF_UNIX_BIND;
    s->ev.b = BPF_CORE_READ(sock, type);
    __u32 len = 0;
    append_path(s, dentry, mnt, &len, &s->ev.len1);
    submit(s, len);
}

SEC("fexit/security_ptrace_access_check")
int BPF_PROG(lsm_ptrace, struct task_struct *child, unsigned int mode, int ret)
{
    if (ret || current_syscall() != NR_ptrace)
        return 0;
    __u64 request = current_arg0();
    if (request != 16 && request != 0x4206)
        return 0;
    __u64 cg = scope(0);
    if (cg)
        emit_ptrace(cg, BF_PTRACE_TRACE, task_in_scope(child));
    return 0;
}

// Operations on paths (and mount): each hook below stands for the syscalls that reach it, whose records
// handle_exit makes from the syscall's arguments, as it does at their exits on the tracepoint path.
static __always_inline int lsm_syscall(int ret)
{
    if (ret)
        return 0;
    long id = current_syscall();
    switch (id) {
    case NR_unlink: case NR_unlinkat: case NR_rmdir: case NR_mkdir: case NR_mkdirat: case NR_mknod:
    case NR_mknodat: case NR_rename: case NR_renameat: case NR_renameat2: case NR_link: case NR_linkat:
    case NR_symlink: case NR_symlinkat: case NR_chmod: case NR_fchmodat: case NR_fchmodat2: case NR_mount:
        handle_exit(id, 0);
        return 0;
    default:
        return 0;
    }
}

SEC("fexit/security_path_unlink")
int BPF_PROG(lsm_path_unlink, const struct path *dir, struct dentry *dentry, int ret)
{
    return lsm_syscall(ret);
}

SEC("fexit/security_path_rmdir")
int BPF_PROG(lsm_path_rmdir, const struct path *dir, struct dentry *dentry, int ret)
{
    return lsm_syscall(ret);
}

SEC("fexit/security_path_mkdir")
int BPF_PROG(lsm_path_mkdir, const struct path *dir, struct dentry *dentry, umode_t mode, int ret)
{
    return lsm_syscall(ret);
}

SEC("fexit/security_path_mknod")
int BPF_PROG(lsm_path_mknod, const struct path *dir, struct dentry *dentry, umode_t mode, unsigned int dev, int ret)
{
    if (ret)
        return 0;
    if (current_syscall() == NR_bind) {
        __u64 cg = scope(0);
        if (cg)
            emit_unix_bind_path(cg, dentry, dir->mnt);
        return 0;
    }
    return lsm_syscall(ret);
}

SEC("fexit/security_path_rename")
int BPF_PROG(lsm_path_rename, const struct path *old_dir, struct dentry *old_dentry, const struct path *new_dir, struct dentry *new_dentry, unsigned int flags, int ret)
{
    return lsm_syscall(ret);
}

SEC("fexit/security_path_link")
int BPF_PROG(lsm_path_link, struct dentry *old_dentry, const struct path *new_dir, struct dentry *new_dentry, int ret)
{
    return lsm_syscall(ret);
}

SEC("fexit/security_path_symlink")
int BPF_PROG(lsm_path_symlink, const struct path *dir, struct dentry *dentry, const char *old_name, int ret)
{
    return lsm_syscall(ret);
}

SEC("fexit/security_path_chmod")
int BPF_PROG(lsm_path_chmod, const struct path *path, umode_t mode, int ret)
{
    return lsm_syscall(ret);
}

SEC("fexit/security_sb_mount")
int BPF_PROG(lsm_mount, const char *dev_name, const struct path *path, const char *type, unsigned long flags, void *data, int ret)
{
    return lsm_syscall(ret);
}

#endif
