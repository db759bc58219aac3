"""Drives the tslab kernel as a notebook front end does and records when each message arrives.

Reads a JSON request on stdin:
    {"cwd": "notebooks", "cells": ["code", ...], "interrupt": {"cell": k, "after": seconds},
     "then": ["code", ...], "timeout": seconds}
(all but cwd and cells optional), starts a tslab kernel in `cwd`, sends every cell's execute_request at once as
Run All does, optionally interrupts the kernel (SIGINT, as the notebook's Kernel -> Interrupt does) `after` seconds
after cell k's first output, waits until the last cell's reply and idle status have arrived, then does the same
with the cells of `then` (numbered after those of `cells`). Writes on stdout {"origin": the epoch time in seconds
when the requests were sent, "timeline": [...]}: one entry per message in arrival order, with its channel, type,
arrival time and the time in its header (seconds since origin), the index of the cell it answers, and its content
for status, stream, error and reply messages.

It reads the sockets with pyzmq directly: jupyter_client's blocking channels cost milliseconds per message, which
would make a fast stream of outputs look late.
"""
import json
import subprocess
import sys
import time
from datetime import timezone

import zmq
from jupyter_client.manager import KernelManager


def seconds(date, origin):
    if date.tzinfo is None:
        date = date.replace(tzinfo=timezone.utc)
    return date.timestamp() - origin


class Probe:
    def __init__(self, cwd):
        self.manager = KernelManager(kernel_name="tslab")
        # The kernel's own stdout (tfjs' banner) would mix with the timeline.
        self.manager.start_kernel(cwd=cwd, stdout=subprocess.DEVNULL)
        self.session = self.manager.session
        self.context = zmq.Context()
        self.iopub = self.context.socket(zmq.SUB)
        self.iopub.setsockopt(zmq.SUBSCRIBE, b"")
        self.iopub.connect(self.manager._make_url("iopub"))
        self.shell = self.context.socket(zmq.DEALER)
        self.shell.connect(self.manager._make_url("shell"))
        self.poller = zmq.Poller()
        self.poller.register(self.iopub, zmq.POLLIN)
        self.poller.register(self.shell, zmq.POLLIN)

    def wait_ready(self, timeout=120):
        """Asks for kernel_info until the reply and its status message arrive (the subscription is then live)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            self.session.send(self.shell, "kernel_info_request", {})
            end = time.time() + 1
            replied = published = False
            while time.time() < end and not (replied and published):
                for socket, _ in self.poller.poll(100):
                    _, msg = self.session.recv(socket, mode=zmq.NOBLOCK)
                    replied |= socket is self.shell
                    published |= socket is self.iopub
            if replied and published:
                time.sleep(0.2)
                while self.poller.poll(0):
                    for socket, _ in self.poller.poll(0):
                        self.session.recv(socket, mode=zmq.NOBLOCK)
                return
        raise TimeoutError("the tslab kernel did not answer kernel_info_request")

    def execute(self, code):
        content = {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False}
        return self.session.send(self.shell, "execute_request", content)["header"]["msg_id"]

    def close(self):
        self.iopub.close(linger=0)
        self.shell.close(linger=0)
        self.manager.shutdown_kernel(now=True)
        self.context.term()


def run(probe, cells, first, origin, timeline, interrupt=None, timeout=900):
    """Sends `cells` at once and records messages until the last one's reply and idle status have arrived."""
    ids = [probe.execute(code) for code in cells]
    cell_of = {msg_id: first + i for i, msg_id in enumerate(ids)}
    interrupt_at, interrupted = None, False
    replies, last_idle = 0, False
    deadline = time.time() + timeout
    while not (replies == len(ids) and last_idle) and time.time() < deadline:
        if interrupt_at is not None and time.time() >= interrupt_at:
            probe.manager.interrupt_kernel()
            timeline.append({"channel": "client", "type": "interrupt", "arrived": time.time() - origin})
            interrupt_at, interrupted = None, True
        for socket, _ in probe.poller.poll(5):
            _, msg = probe.session.recv(socket, mode=zmq.NOBLOCK)
            if msg is None:
                continue
            channel = "iopub" if socket is probe.iopub else "shell"
            parent = msg["parent_header"].get("msg_id")
            entry = {
                "channel": channel,
                "type": msg["msg_type"],
                "arrived": time.time() - origin,
                "sent": seconds(msg["header"]["date"], origin),
                "cell": cell_of.get(parent),
            }
            if msg["msg_type"] in ("status", "stream", "error") or channel == "shell":
                entry["content"] = msg["content"]
            timeline.append(entry)
            if channel == "shell" and parent in cell_of:
                replies += 1
            state = msg["content"].get("execution_state")
            if msg["msg_type"] == "status" and parent == ids[-1] and state == "idle":
                last_idle = True
            if interrupt and not interrupted and interrupt_at is None and channel == "iopub":
                if entry["cell"] == first + interrupt["cell"] and msg["msg_type"] != "status":
                    interrupt_at = time.time() + interrupt["after"]
    if time.time() >= deadline:
        raise TimeoutError(f"the cells did not finish within {timeout} s")


def main():
    request = json.load(sys.stdin)
    probe = Probe(request["cwd"])
    timeline, error = [], None
    try:
        probe.wait_ready()
        origin = time.time()
        cells, then, timeout = request["cells"], request.get("then", []), request.get("timeout", 900)
        run(probe, cells, 0, origin, timeline, request.get("interrupt"), timeout)
        if then:
            # tslab aborts the requests that arrive within 200 ms of a failed (or interrupted) cell.
            time.sleep(0.5)
            run(probe, then, len(cells), origin, timeline, None, timeout)
    except TimeoutError as e:
        error = f"{e}; the kernel process is {'alive' if probe.manager.is_alive() else 'gone'}"
    finally:
        probe.close()
    json.dump({"origin": origin, "timeline": timeline, "error": error}, sys.stdout)


if __name__ == "__main__":
    main()
