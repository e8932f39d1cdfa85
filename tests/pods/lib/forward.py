"""The Service between a pod and the webhook: listens on 127.0.0.1:PORT inside the pod's network namespace and
forwards each connection to 127.0.0.1:PORT in the namespace this process started in (where the webhook listens).

A socket keeps the network namespace it was created in, so the listener is made after setns() into the pod's
namespace and every outgoing socket after setns() back. TLS passes through untouched: the tracer checks the
webhook's certificate for 127.0.0.1 exactly as it would for the Service's name.

usage: forward.py NETNS_PATH PORT
"""
import ctypes
import os
import socket
import sys
import threading

CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)


def setns(fd):
    if libc.setns(fd, CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), "setns")


def pump(src, dst):
    try:
        while data := src.recv(65536):
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def main():
    netns, port = sys.argv[1], int(sys.argv[2])
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    pod = os.open(netns, os.O_RDONLY)
    setns(pod)
    listener = socket.create_server(("127.0.0.1", port))
    setns(home)
    print(f"forwarding 127.0.0.1:{port} in {netns}", flush=True)
    while True:
        client, _ = listener.accept()
        try:
            upstream = socket.create_connection(("127.0.0.1", port))
        except OSError as e:
            print(f"upstream: {e}", flush=True)
            client.close()
            continue
        for a, b in ((client, upstream), (upstream, client)):
            threading.Thread(target=pump, args=(a, b), daemon=True).start()


main()
