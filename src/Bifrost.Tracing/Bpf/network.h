// Sockets: socket() families and types, unix-socket connect and bind by path or abstract name, and the inet
// bind below port 1024 that infers net_bind_service.
#ifndef BIFROST_NETWORK_H
#define BIFROST_NETWORK_H

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

// A unix socket's bound name: its path, else its abstract name. For a connect, u is the peer.
static __noinline void emit_unix_sock(__u64 cg, struct unix_sock *u, __u32 type, __u32 op)
{
    struct scratch *s = begin(BF_EV_UNIX, cg);
    if (!s)
        return;
    s->ev.a = op;
    s->ev.b = type;
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

static __always_inline void emit_unix(__u64 cg, struct socket *sock, __u32 op)
{
    struct sock *sk = BPF_CORE_READ(sock, sk);
    struct unix_sock *u = (struct unix_sock *)sk;
    if (op == BF_UNIX_CONNECT) {
        struct sock *peer = BPF_CORE_READ(u, peer);
        if (!peer)
            return;
        u = (struct unix_sock *)peer;
    }
    emit_unix_sock(cg, u, BPF_CORE_READ(sock, type), op);
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

#endif
