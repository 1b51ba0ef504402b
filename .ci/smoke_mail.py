"""CI's smoke run: RSVP with an address through gunicorn (production settings, behind a
proxy header) and wait for the confirmation to reach the SMTP sink through the task worker.

usage: smoke_mail.py PORT SINK_LOG"""

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from proxied import Browser

ADDRESS = "smoke@example.org"


def main(port: int, sink_log: Path) -> None:
    browser = Browser(port)
    _status, home, _elapsed = browser.request("GET", "/")
    slug = re.search(r'href="/events/([^/"]+)/"', home)[1]
    form = browser.form_tokens(f"/events/{slug}/") | {
        "name": "Smoke test", "party_size": "1", "email": ADDRESS, "language": "en",
    }  # fmt: skip
    time.sleep(3.5)  # a person takes longer than RSVP_MIN_SECONDS (3) to fill the form in
    status, page, _elapsed = browser.request("POST", f"/events/{slug}/rsvp/", form)
    if status != 200 or "rsvp-code" not in page:
        sys.exit(f"the RSVP was not taken: {status}")
    for _ in range(60):
        log = sink_log.read_text() if sink_log.exists() else ""
        if f"To: {ADDRESS}" in log and "Subject: Your RSVP with" in log:
            print(f"the confirmation reached the SMTP sink through the worker ({ADDRESS})")
            return
        time.sleep(0.5)
    sys.exit("no confirmation reached the SMTP sink within 30 seconds")


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]))
