// sched_process_exec (the on_exec program: executables, and the start of a traced cgroup) and scripts: an
// interpreter's open of the script the kernel handed it gives the script's resolved path.
#ifndef BIFROST_EXEC_H
#define BIFROST_EXEC_H

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

#endif
