#!/usr/bin/env python3
"""Drives headless Chromium through the staff console with the DevTools protocol (stdlib only).

Usage: console-browser.py BASE_URL TICKET SCREENSHOT_DIR
  BASE_URL       e.g. http://127.0.0.1:8333 (a console with staff zhang/咨询员 and wang/管理员,
                 password in $CONSOLE_PASSWORD)
  TICKET         an open ticket with a recorded message, in the work queue
  SCREENSHOT_DIR where login.png, queue.png, ticket.png, answered.png, prompts.png, listens.png and
                 accounts.png are written

Steps: log in as the agent, open the work queue, open the ticket, play its message, mark it answered, see it
leave the queue; then log in as the administrator for the prompts, listen-audit and accounts pages.
Prints one line per step; exits 0 when every check passed, 1 otherwise. Runs as root (--no-sandbox).
"""
import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
from urllib.parse import urlparse


class WebSocket:
    """A minimal RFC 6455 client: text frames, masking, fragmentation, ping/pong."""

    def __init__(self, url):
        u = urlparse(url)
        self.sock = socket.create_connection((u.hostname, u.port), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET {u.path} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(request.encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError("websocket handshake: connection closed")
            response += chunk
        head, self.buffer = response.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError("websocket handshake refused: " + head.decode(errors="replace"))

    def send(self, text):
        payload = text.encode()
        header = bytearray([0x81])
        n = len(payload)
        if n < 126:
            header.append(0x80 | n)
        elif n < 65536:
            header.append(0x80 | 126)
            header += struct.pack(">H", n)
        else:
            header.append(0x80 | 127)
            header += struct.pack(">Q", n)
        mask = os.urandom(4)
        header += mask
        self.sock.sendall(bytes(header) + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise RuntimeError("websocket closed")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def receive(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(n)
            if opcode == 0x9:  # ping
                continue
            if opcode == 0x8:
                raise RuntimeError("websocket closed by the browser")
            message += payload
            if b0 & 0x80:
                return message.decode()


class Page:
    """One Chromium tab driven through CDP."""

    def __init__(self, ws):
        self.ws, self.next_id, self.events = ws, 0, []

    def call(self, method, **params):
        self.next_id += 1
        my_id = self.next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.receive())
            if msg.get("id") == my_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def wait_event(self, name, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for i, e in enumerate(self.events):
                if e.get("method") == name:
                    del self.events[: i + 1]
                    return e
            msg = json.loads(self.ws.receive())
            self.events.append(msg)
        raise RuntimeError(f"timed out waiting for {name}")

    def evaluate(self, expression):
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError(f"script failed: {r['exceptionDetails']}")
        return r["result"].get("value")

    def goto(self, url):
        self.events.clear()
        self.call("Page.navigate", url=url)
        self.wait_event("Page.loadEventFired")

    def submit(self, form_js):
        """Submits a form by clicking its button, waiting for the next page."""
        self.events.clear()
        self.evaluate(form_js)
        self.wait_event("Page.loadEventFired")

    def screenshot(self, path):
        metrics = self.call("Page.getLayoutMetrics")
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        clip = {"x": 0, "y": 0, "width": 1280, "height": min(max(700, size["height"]), 3000), "scale": 1}
        data = self.call("Page.captureScreenshot", format="png", clip=clip, captureBeyondViewport=True)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))


def main():
    base, ticket, shots = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    password = os.environ.get("CONSOLE_PASSWORD", "")
    os.makedirs(shots, exist_ok=True)
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        print("FAIL chromium is not installed (Scripts/setup.sh installs Debian's chromium and fonts-noto-cjk)")
        return 1
    profile = tempfile.mkdtemp(prefix="ivr-chromium-")
    proc = subprocess.Popen([browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                             "--disable-dev-shm-usage", "--mute-audio", "--autoplay-policy=no-user-gesture-required",
                             "--window-size=1280,900", "--lang=zh-CN", f"--user-data-dir={profile}",
                             "--remote-debugging-port=0", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    failures = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what, flush=True)
        if not ok:
            failures.append(what)

    try:
        port_file = os.path.join(profile, "DevToolsActivePort")
        for _ in range(300):
            if os.path.exists(port_file) and open(port_file).read().count("\n") >= 1:
                break
            time.sleep(0.1)
        port = int(open(port_file).read().split("\n")[0])
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        page = Page(WebSocket(next(t for t in targets if t["type"] == "page")["webSocketDebuggerUrl"]))
        page.call("Page.enable")
        page.call("Runtime.enable")

        def login(name):
            page.goto(base + "/login")
            page.submit(f"""document.getElementById('name').value = {json.dumps(name)};
                document.getElementById('password').value = {json.dumps(password)};
                document.querySelector('#login button').click();""")

        page.goto(base + "/login")
        check("工作人员登录" in page.evaluate("document.body.innerText"), "login page in Chinese")
        page.screenshot(os.path.join(shots, "login.png"))

        login("zhang")
        check(page.evaluate("location.pathname") == "/tickets", "logged in: the work queue opens")
        check("工单处理队列" in page.evaluate("document.body.innerText"), "work queue heading")
        check(page.evaluate(f"!!document.querySelector('a[href=\"/tickets/{ticket}\"]')"), f"ticket {ticket} is in the queue")
        page.screenshot(os.path.join(shots, "queue.png"))

        page.goto(f"{base}/tickets/{ticket}")
        played = page.evaluate("""(async () => {
            const a = document.getElementById('message');
            a.muted = true;
            await a.play();
            const start = performance.now();
            while (!a.ended && a.currentTime < 0.5 && performance.now() - start < 10000) {
                await new Promise(r => setTimeout(r, 50));
            }
            return {time: a.currentTime, duration: a.duration, error: a.error ? a.error.code : null};
        })()""")
        check(played["error"] is None and played["time"] > 0.2, f"message plays ({played})")
        page.screenshot(os.path.join(shots, "ticket.png"))

        page.submit("""document.getElementById('answer-note').value = '已电话联系来电人，答复养老保险转移流程。';
            document.getElementById('answer').click();""")
        text = page.evaluate("document.body.innerText")
        check(page.evaluate("location.pathname") == "/tickets", "back on the work queue after answering")
        check(f"工单 {ticket} 已标记为已答复" in text, "confirmation shown")
        check(not page.evaluate(f"!!document.querySelector('a[href=\"/tickets/{ticket}\"]')"), f"ticket {ticket} left the queue")
        page.screenshot(os.path.join(shots, "answered.png"))

        page.submit("document.querySelector('form.who button').click();")
        check(page.evaluate("location.pathname") == "/login", "logged out")
        login("wang")
        for path, name, heading in [("/prompts", "prompts.png", "提示音"), ("/audit/listens", "listens.png", "录音收听记录"),
                                    ("/accounts", "accounts.png", "工作人员账号")]:
            page.goto(base + path)
            check(heading in page.evaluate("document.querySelector('h1').innerText"), f"{path} opens for the administrator")
            page.screenshot(os.path.join(shots, name))
        check("zhang" in page.evaluate("document.body.innerText"), "accounts list the agent")
        for path, name, heading in [("/reports?from=2025-09-01&to=2025-09-30", "reports.png", "服务报表"), ("/qa", "qa.png", "质检抽样")]:
            page.goto(base + path)
            check(heading in page.evaluate("document.querySelector('h1').innerText"), f"{path} opens for the administrator")
            time.sleep(0.5)
            page.screenshot(os.path.join(shots, name))
        page.goto(base + "/reports?from=2025-09-01&to=2025-09-30")
        check(page.evaluate("typeof Chart !== 'undefined' && !!Chart.getChart(document.getElementById('chart-days'))"),
              "Chart.js (Debian's libjs-chart.js) drew the daily chart")
        page.goto(base + "/line")
        live = page.evaluate("""(async () => {
            const start = performance.now();
            while (!/\\d/.test(document.getElementById('live').textContent) && performance.now() - start < 60000) {
                await new Promise(r => setTimeout(r, 100));
            }
            return document.getElementById('live').textContent;
        })()""")
        check(any(ch.isdigit() for ch in live), f"line page receives server-sent events ({live})")
        page.screenshot(os.path.join(shots, "line.png"))
        page.goto(base + "/audit/listens")
        check(ticket in page.evaluate("document.body.innerText"), "the listen is in the audit")
    except Exception as e:  # noqa: BLE001 - any failure is reported as one line
        check(False, f"browser session: {e}")
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)
    print(f"{'FAILED' if failures else 'PASSED'}: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
