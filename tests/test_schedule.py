"""The long-lived jobs as real processes: `ansinh schedule`, `ansinh up`, `ansinh demo`."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import rows
from test_crawl import free_port


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "ansinh", *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def wait_for(check, timeout: float = 90, every: float = 0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = check()
        except Exception:  # the file or the server may not be there yet
            result = None
        if result:
            return result
        time.sleep(every)
    pytest.fail(f"gave up waiting after {timeout}s")


def stop(process: subprocess.Popen, signum=signal.SIGTERM) -> str:
    process.send_signal(signum)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    return output


def finished_runs(db):
    return rows(db, "select * from crawls where finished is not null order by id")


def test_schedule_runs_short_period_jobs_one_at_a_time(server, tmp_path):
    db = tmp_path / "archive.db"
    process = start("schedule", "bhxh", "laodongxahoi", "--every", "2s", "--db", str(db), *server.mirror_args())
    wait_for(lambda: sum(run["site"] == "bhxh" for run in finished_runs(db)) >= 2
             and sum(run["site"] == "laodongxahoi" for run in finished_runs(db)) >= 2)
    output = stop(process)
    runs = finished_runs(db)
    for earlier, later in zip(runs, runs[1:]):
        assert earlier["finished"] <= later["started"], (earlier, later)
    assert all(run["status"] == "ok" for run in runs)
    assert output.count("bhxh: ok") >= 2 and output.count("laodongxahoi: ok") >= 2


def test_a_stop_lets_the_running_crawl_close_cleanly(server, tmp_path):
    db = tmp_path / "archive.db"
    server.stall("laodongxahoi", 0.2)
    process = start("schedule", "laodongxahoi", "--now", "--db", str(db), *server.mirror_args())
    wait_for(lambda: rows(db, "select count(*) n from articles")[0]["n"] >= 3)
    output = stop(process)
    [run] = rows(db, "select * from crawls")
    assert run["status"] == "interrupted" and run["finished"], output
    # Every page kept has its article: nothing half-stored.
    assert rows(db, "select count(*) n from pages")[0]["n"] == rows(db, "select count(*) n from articles")[0]["n"]


def answers(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status == 200


def test_up_crawls_an_empty_archive_and_serves_it(server, tmp_path):
    db, port = tmp_path / "archive.db", free_port()
    process = start("up", "--db", str(db), "--port", str(port), *server.mirror_args())
    wait_for(lambda: answers(f"http://127.0.0.1:{port}/"))
    # (The sites without a sample here are tried on the network and fail.)
    wait_for(lambda: set(server.mirrors()) <= {run["site"] for run in finished_runs(db)})
    assert answers(f"http://127.0.0.1:{port}/archive/articles")
    stop(process)
    with pytest.raises(OSError):
        answers(f"http://127.0.0.1:{port}/")


def test_demo_answers_on_its_port(tmp_path):
    db, port = tmp_path / "demo.db", free_port()
    process = start("demo", "--db", str(db), "--port", str(port), "--articles", "12")
    wait_for(lambda: rows(db, "select count(*) n from articles")[0]["n"] >= 40)
    wait_for(lambda: answers(f"http://127.0.0.1:{port}/archive/articles.json"))
    stop(process, signal.SIGINT)


@pytest.mark.parametrize("command", ["up", "demo"])
def test_up_and_demo_fail_when_their_port_is_taken(command, server, tmp_path):
    import socket

    extra = server.mirror_args() if command == "up" else ["--articles", "5"]
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "ansinh", command, "--db", str(tmp_path / "a.db"),
                                 "--port", str(port), *extra],
                                capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr and f"at http://127.0.0.1:{port}/" not in result.stderr


def test_up_with_no_site_reachable_says_so_at_once(tmp_path):
    closed = free_port()
    mirrors = [arg for key in ("bhxh", "dansinh", "dantri", "laodongxahoi")
               for arg in ("--mirror", f"{key}=http://127.0.0.1:{closed}")]
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "ansinh", "up", "--db", str(tmp_path / "a.db"),
                             "--port", str(free_port()), *mirrors],
                            capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 1 and time.monotonic() - started < 30
    [line] = result.stderr.strip().splitlines()
    assert "no site can be reached" in line and "ansinh demo" in line
