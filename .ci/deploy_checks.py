"""What .ci/deploy_check.py checks once the kit runs: each check either returns what it saw or
fails with what went wrong, and every check runs even after one fails."""

import gzip
import http.client
import re
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from deploy_browser import Browser, form_fields
from deploy_kit import Services, psql, run, sh, timer_commands, unit_command

WEB_PORTS = (8811, 8812)
NGINX_HTTPS, NGINX_HTTP, SMTP = 8843, 8880, 2526
DATABASE, RESTORED = "civicforum_ci_deploy", "civicforum_ci_deploy_restored"
QUESTION_LIMIT = 2  # questions per browser in 10 minutes, lowered for the run
MIN_SECONDS = 3.5  # a person takes longer than RSVP_MIN_SECONDS and QUESTION_MIN_SECONDS (3)
ADDRESS = "deploy-check@example.org"


class CheckFailed(Exception):
    pass


def expect(condition: bool, failure: str) -> None:
    if not condition:
        raise CheckFailed(failure)


@dataclass
class Kit:
    tmp: Path
    env: dict[str, str]  # the first server's
    services: Services
    cafile: str
    secrets: list[str] = field(default_factory=list)  # what the access log must never hold
    forum: str = ""

    def browser(self) -> Browser:
        return Browser(NGINX_HTTPS, self.cafile)


def forum_page(kit: Kit) -> str:
    browser = kit.browser()
    home = browser.get("/")
    expect(home.status == 200, f"the home page through nginx answered {home.status}")
    expect(f'href="{kit.forum}"' in home.text, f"the home page does not link to {kit.forum}")
    answer = browser.get(kit.forum, **{"Accept-Encoding": "gzip, deflate, br"})
    expect(answer.status == 200, f"the forum page answered {answer.status}")
    hsts = answer.header("Strict-Transport-Security")
    expect(hsts == "max-age=31536000; includeSubDomains; preload", f"HSTS was {hsts!r}")
    csp = answer.header("Content-Security-Policy")
    expect(csp.startswith("default-src 'none'"), f"Content-Security-Policy was {csp!r}")
    cache = {part.strip() for part in answer.header("Cache-Control").split(",")}
    expect({"private", "no-cache"} <= cache, f"Cache-Control was {sorted(cache)}")
    encoding = answer.header("Content-Encoding")
    expect(not encoding, f"the page came compressed ({encoding}): a token in it is open to BREACH")
    return f"{kit.forum}: HSTS, CSP, Cache-Control private, no-cache; not compressed (gzip asked)"


def static_file(kit: Kit) -> str:
    browser = kit.browser()
    css = re.search(
        r"/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css", browser.get(kit.forum).text
    )[0]
    packed = browser.get(css, **{"Accept-Encoding": "gzip"})
    plain = browser.get(css)
    expect(packed.status == plain.status == 200, f"{css}: {packed.status}, {plain.status}")
    expect(packed.header("Content-Encoding") == "gzip", f"{css} came without gzip")
    expect(gzip.decompress(packed.body) == plain.body, f"{css}: the .gz is not the file")
    cache = packed.header("Cache-Control")
    expect(cache == "public, max-age=31536000, immutable", f"{css}: Cache-Control {cache!r}")
    expect("Accept-Encoding" in packed.header("Vary"), f"{css}: no Vary: Accept-Encoding")
    expect(packed.header("X-Content-Type-Options") == "nosniff", f"{css}: no nosniff")
    return f"{css} from nginx: gzip ({len(packed.body):,} of {len(plain.body):,} bytes), a year"


def http_redirects(_kit: Kit) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", NGINX_HTTP, timeout=10)
    connection.request("GET", "/events/x/?order=new", headers={"Host": "forum.example.org"})
    answer = connection.getresponse()
    location = answer.headers.get("Location")
    expect(answer.status == 301, f"plain HTTP answered {answer.status}")
    expect(location == "https://forum.example.org/events/x/?order=new", f"to {location}")
    return f"plain HTTP: 301 to {location}"


def rsvp_and_mail(kit: Kit) -> str:
    browser = kit.browser()
    action = f"{kit.forum}rsvp/"
    form = form_fields(browser.get(kit.forum).text, action)
    form |= {"name": "Deploy check", "party_size": "1", "email": ADDRESS, "language": "en"}
    time.sleep(MIN_SECONDS)
    answer = browser.post(action, form | {"website": ""})
    expect(answer.status == 200 and "rsvp-code" in answer.text, f"RSVP: {answer.status}")
    token = re.search(
        r'id="manage-link" type="text" value="https://[^/]+/rsvp/([^/"]+)/"', answer.text
    )[1]
    opened = browser.get(f"/rsvp/{token}/")
    manage = opened.header("Location")
    expect(opened.status == 303 and manage.startswith("/my-rsvp/"), f"link: {opened.status}")
    expect(browser.get(manage).status == 200, f"{manage} did not open")
    kit.secrets += [token, manage.split("/")[2]]
    sink = kit.tmp / "smtp.log"
    for _ in range(60):
        if f"To: {ADDRESS}" in sink.read_text() and "Subject: Your RSVP with" in sink.read_text():
            return "RSVP taken through nginx; its confirmation reached the SMTP sink via db_worker"
        time.sleep(0.5)
    raise CheckFailed("no confirmation reached the SMTP sink within 30 s")


def votes(question: str) -> str:
    return psql(
        "SELECT q.vote_count || ' ' || count(v.id) FROM events_question q LEFT JOIN events_vote v"
        f" ON v.question_id = q.id WHERE q.id = {int(question)} GROUP BY q.id",
        DATABASE,
    )


def one_vote(kit: Kit) -> str:
    """One browser votes for one question on each server and through nginx: one vote."""
    browser = kit.browser()
    page = browser.get(kit.forum).text
    action, question = re.search(r'action="(/events/[^/"]+/questions/(\d+)/vote/)"', page).groups()
    form = form_fields(page, action)
    before = int(votes(question).split()[0])
    answers = [browser.post(action, form, server=port).status for port in (*WEB_PORTS, None, None)]
    expect(answers == [303] * 4, f"the votes answered {answers}")
    counted = votes(question)
    expect(
        counted == f"{before + 1} {before + 1}", f"{before} votes became {counted} (count, rows)"
    )
    for port in WEB_PORTS:
        shown = browser.get(kit.forum, server=port).text
        item = re.search(rf'id="question-{question}">(.*?)</li>', shown, re.S)[1]
        count = re.search(r"(\d+) (?:person wants|people want) this answered", item)[1]
        expect(count == str(before + 1) and "Undo" in item, f"server {port} shows {count} votes")
    return f"question {question}: {before} votes, {before + 1} after 4 from one browser, 2 servers"


QUESTIONS = [
    "Where can renters find help in their own language?",
    "What should families know before the next court date changes?",
    "Which city offices may ask about status, and which may not?",
    "How can neighbours help someone who is afraid to call?",
]


def question_limit(kit: Kit) -> str:
    browser = kit.browser()
    action = f"{kit.forum}ask/send/"
    forms = [form_fields(browser.get(f"{kit.forum}ask/").text, action) for _ in QUESTIONS]
    time.sleep(MIN_SECONDS)
    servers = [WEB_PORTS[n % 2] for n in range(len(QUESTIONS))]
    answers = []
    for form, text, port in zip(forms, QUESTIONS, servers, strict=True):
        typed = {"question-text": text, "question-language": "en", "question-website": ""}
        answers.append(browser.post(action, form | typed, server=port).status)
    expected = [303] * QUESTION_LIMIT + [429] * (len(QUESTIONS) - QUESTION_LIMIT)
    expect(
        answers == expected,
        f"questions on servers {servers} answered {answers}, not {expected}: "
        f"the limit of {QUESTION_LIMIT} does not hold across the servers",
    )
    return f"questions sent in turn to both servers: {answers} (limit {QUESTION_LIMIT})"


def admin_login_limit(kit: Kit) -> str:
    browser = kit.browser()
    tries = [browser.get("/admin/login/").status for _ in range(8)]
    expect(tries[:6] == [200] * 6 and tries[6:] == [429, 429], f"/admin/login/: {tries}")
    pages = {kit.browser().get(kit.forum).status for _ in range(20)}
    expect(pages == {200}, f"the forum page, 20 times at once, answered {pages}")
    return f"/admin/login/ 8 times: {tries}; the forum page 20 times: all 200"


def timers(kit: Kit) -> str:
    said = []
    for command in timer_commands().values():
        output = run(unit_command("civicforum-command@.service", kit.env, command))
        said.append(f"{command}: {output.splitlines()[-1] if output else 'done'}")
    return "each timer's command, once: " + "; ".join(said)


def backup_restores(kit: Kit) -> str:
    dump = kit.tmp / "civicforum.dump"
    connect = ["-h", "127.0.0.1", "-U", "postgres"]
    sh("pg_dump", "-Fc", *connect, "-f", str(dump), DATABASE)
    psql(f"CREATE DATABASE {RESTORED}")
    sh("pg_restore", "--exit-on-error", "--no-owner", *connect, "-d", RESTORED, str(dump))
    rsvps = (
        "SELECT count(*) || ' ' || md5(string_agg(r::text, ',' ORDER BY r.id)) FROM events_rsvp r"
    )
    kept, restored = psql(rsvps, DATABASE), psql(rsvps, RESTORED)
    expect(kept == restored, f"RSVPs {kept} became {restored} after pg_restore")
    expect(int(kept.split()[0]) >= 1, "no RSVP to restore")
    return f"pg_dump -Fc, pg_restore: {kept.split()[0]} RSVPs, the same rows"


def access_log(kit: Kit) -> str:
    log = (kit.tmp / "access.log").read_text()
    leaks = [secret for secret in kit.secrets if secret in log]
    expect(kit.secrets and not leaks, f"the access log holds {len(leaks)} private link secrets")
    expect("?" not in log, "the access log holds a query string")
    expect("/rsvp/[private]/ 303" in log and "/my-rsvp/[private]/ 200" in log, "no redaction")
    served = [f"127.0.0.1:{port}" for port in WEB_PORTS if f" 127.0.0.1:{port} " in log]
    expect(len(served) == 2, f"the access log names only {served} as answering")
    return f"access log: {len(log.splitlines())} lines, both servers, no secret, no query string"


CHECKS = [forum_page, static_file, http_redirects, rsvp_and_mail, one_vote, question_limit,
          admin_login_limit, timers, backup_restores, access_log]  # fmt: skip


def run_all(kit: Kit) -> int:
    failures = 0
    for check in CHECKS:
        began = time.monotonic()
        try:
            kit.services.alive()
            print(f"ok   {check.__name__}: {check(kit)} ({time.monotonic() - began:.1f} s)")
        except Exception as error:  # every check runs, and says what failed
            failures += 1
            where = "" if isinstance(error, CheckFailed) else "\n" + traceback.format_exc()
            print(f"FAIL {check.__name__}: {error}{where}")
    return failures
