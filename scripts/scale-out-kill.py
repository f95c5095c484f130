#!/usr/bin/env python3
"""Load-and-kill check of the PostgreSQL scale-out (docs/scale-out.md, issue 17).

Two bot instances (the built bot/bin/<Configuration>/net10.0/ComplaintBot.dll) share one PostgreSQL schema on
loopback ports. N customers each run scripted complaint conversations over /api/messages (expectReplies),
their turns alternating between the instances. Halfway through, one instance is killed with SIGKILL. A turn
whose request fails (the killed instance) is re-sent with the SAME activity id to the other instance, as a
channel redelivers. At the end the database is checked.

Figures: turns, failed turns (no answer after the re-send, or the error apology), conversations with more than
one case (duplicates), cases the conversation's state does not point at (orphans), case numbers the bot told a
customer that are not stored (lost cases).

Usage: COMPLAINTBOT_TEST_POSTGRES="Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres" \
       scripts/scale-out-kill.py [--customers 30] [--seconds 40] [--pool 10] [--configuration Debug]
Needs psql on PATH. Bounded: --seconds of load plus start-up; everything on 127.0.0.1; the schema is dropped.
"""
import argparse, json, os, re, signal, socket, subprocess, sys, tempfile, threading, time, urllib.error, urllib.request, uuid

LINES = [
    "My parcel arrived broken and the box was crushed, I am not happy.",
    "The order number is SO10000001",
    "I would like a replacement please",
    "yes",
    "Replacement",
]
APOLOGY = "something went wrong"
CASE = re.compile(r"C\d{8}-\d{4}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_settings(conn):
    return dict(p.split("=", 1) for p in conn.split(";") if "=" in p)


def psql(conn, sql):
    s = {k.lower(): v for k, v in pg_settings(conn).items()}
    env = dict(os.environ, PGHOST=s.get("host", "127.0.0.1"), PGPORT=s.get("port", "5432"),
               PGUSER=s.get("username", "postgres"), PGDATABASE=s.get("database", "postgres"))
    if "password" in s: env["PGPASSWORD"] = s["password"]
    out = subprocess.run(["psql", "-At", "-F", "\t", "-c", sql], env=env, capture_output=True, text=True, check=True)
    return [l.split("\t") for l in out.stdout.splitlines() if l]


def start(dll, port, conn, schema, pool, data):
    args = ["dotnet", dll, "--urls", f"http://127.0.0.1:{port}",
            "--Storage:Provider=Postgres", f"--Storage:Postgres:ConnectionString={conn}",
            f"--Storage:Postgres:Schema={schema}", f"--Storage:Postgres:NotificationChannel={schema}",
            f"--Storage:Postgres:MaxPoolSize={pool}", "--Storage:Postgres:PlannedInstances=2",
            f"--Storage:Sqlite:Path={os.path.join(data, 'shop.db')}",
            "--DirectLine:TokenSigningKey=scale-out-check-shared-key-0123456789",
            "--Bot:AllowAnonymous=true", "--Logging:LogLevel:Default=Warning"]
    env = dict(os.environ, ASPNETCORE_ENVIRONMENT="Production")
    log = open(os.path.join(data, f"bot-{port}.log"), "w")
    p = subprocess.Popen(args, cwd=data, env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(600):
        if p.poll() is not None: raise SystemExit(f"instance on {port} exited with {p.returncode}; see {log.name}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            return p
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"instance on {port} did not start")


def post(port, activity):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/messages", data=json.dumps(activity).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return [a for a in json.loads(r.read()).get("activities", []) if a.get("type") == "message"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=30)
    ap.add_argument("--seconds", type=float, default=40)
    ap.add_argument("--pool", type=int, default=10)
    ap.add_argument("--configuration", default="Debug")
    o = ap.parse_args()
    conn = os.environ.get("COMPLAINTBOT_TEST_POSTGRES") or sys.exit("set COMPLAINTBOT_TEST_POSTGRES")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    dll = os.path.join(root, "bot", "bin", o.configuration, "net10.0", "ComplaintBot.dll")
    if not os.path.exists(dll): sys.exit(f"build the bot first: {dll}")
    schema = "killcheck_" + uuid.uuid4().hex[:12]
    data = tempfile.mkdtemp(prefix="complaintbot-kill-")
    ports = [free_port(), free_port()]
    procs = [start(dll, ports[0], conn, schema, o.pool, data), start(dll, ports[1], conn, schema, o.pool, data)]
    alive = [True, True]
    lock = threading.Lock()
    stats = dict(turns=0, failed=0, resent=0, conversations=0)
    told = {}  # conversation -> case numbers the bot named
    stop = time.time() + o.seconds

    def customer(i):
        n = 0
        while time.time() < stop:
            conv = f"kill-{i}-{n}"; n += 1
            with lock: stats["conversations"] += 1
            for t, text in enumerate(LINES):
                activity = {"type": "message", "id": "act-" + uuid.uuid4().hex, "channelId": "webchat",
                            "serviceUrl": "http://127.0.0.1:9/", "conversation": {"id": conv},
                            "from": {"id": "user-" + conv, "name": "Customer"}, "recipient": {"id": "bot"},
                            "text": text, "locale": "en-US", "deliveryMode": "expectReplies"}
                first = (i + t) % 2
                replies = None
                errored = False
                for attempt, k in enumerate([first, 1 - first, 1 - first]):
                    if not alive[k] and attempt == 0: continue
                    try:
                        replies = post(ports[k], activity)
                        if errored:
                            with lock: stats["resent"] += 1
                        break
                    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                        errored = True  # in flight on the killed instance (or refused by it): re-send, same id
                        continue
                with lock:
                    stats["turns"] += 1
                    if not replies or any(APOLOGY in (r.get("text") or "").lower() for r in replies):
                        stats["failed"] += 1
                    for r in replies or []:
                        told.setdefault(conv, set()).update(CASE.findall(r.get("text") or ""))

    threads = [threading.Thread(target=customer, args=(i,)) for i in range(o.customers)]
    for th in threads: th.start()
    time.sleep(o.seconds / 2)
    procs[0].send_signal(signal.SIGKILL); alive[0] = False
    killed_at = time.strftime("%H:%M:%S")
    for th in threads: th.join()
    procs[1].terminate(); procs[1].wait(30)

    q = f'"{schema}"'
    cases = psql(conn, f"SELECT conversation_id, number FROM {q}.cases")
    per_conv = {}
    for conv, number in cases: per_conv.setdefault(conv, []).append(number)
    duplicates = sum(1 for v in per_conv.values() if len(v) > 1)
    orphans = psql(conn, f"""SELECT count(*) FROM {q}.cases c WHERE NOT EXISTS (
        SELECT 1 FROM {q}.state s WHERE s.key LIKE '%/conversations/' || c.conversation_id AND strpos(s.value::text, c.number) > 0)""")[0][0]
    stored = {n for _, n in cases}
    lost = sum(1 for nums in told.values() for n in nums if n not in stored)
    psql(conn, f"DROP SCHEMA {q} CASCADE")
    print(json.dumps(dict(customers=o.customers, seconds=o.seconds, pool_per_instance=o.pool, killed_at=killed_at,
                          conversations=stats["conversations"], turns=stats["turns"], failed_turns=stats["failed"],
                          turns_resent_to_the_survivor=stats["resent"], cases=len(cases),
                          conversations_with_duplicate_cases=duplicates, orphaned_cases=int(orphans),
                          lost_cases=lost), indent=2))
    return 0 if stats["failed"] == 0 and duplicates == 0 and int(orphans) == 0 and lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
