"""deploy/: the environment template names every variable the site reads, the units run real
commands with the same hardening, and nginx's file keeps its key rules (.ci/deploy_check.py
runs the kit itself)."""

import re
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").iterdir())
NGINX = (DEPLOY / "nginx" / "civicforum.conf").read_text()
# Where variables are read: the settings, their helpers, gunicorn's config.
READERS = [ROOT / "civicforum" / "settings.py", ROOT / "civicforum" / "env.py"]
READERS += [ROOT / "gunicorn.conf.py"]
READ = re.compile(
    r"""(?:env_\w+|_positive_int|environ\.get|getenv)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
)


def variables_read() -> set[str]:
    return {name for path in READERS for name in READ.findall(path.read_text())}


def template() -> dict[str, str]:
    """Each variable of the template (set or commented out) and the comment line above it."""
    found, comment = {}, ""
    for line in (DEPLOY / "civicforum.env.example").read_text().splitlines():
        variable = re.match(r"^#?([A-Z][A-Z0-9_]+)=", line)
        if variable:
            found[variable[1]] = comment
        elif line.startswith("# ") and not line.startswith("# ---"):
            comment = line
        elif not line.strip():
            comment = ""
    return found


def unit_variables() -> set[str]:
    return {name for unit in UNITS for name in re.findall(r"\$\{(\w+)\}", unit.read_text())}


def test_the_template_names_every_variable_the_settings_read():
    read = variables_read()

    assert len(read) > 40  # the pattern still finds them
    assert sorted(read - template().keys()) == []


def test_every_variable_in_the_template_is_read_and_has_a_comment():
    entries = template()

    assert sorted(entries.keys() - variables_read() - unit_variables()) == []
    assert [name for name, comment in entries.items() if not comment] == []


def test_the_units_read_only_variables_the_template_has():
    assert unit_variables() == {"GUNICORN_BIND"}
    assert unit_variables() <= template().keys()


@pytest.mark.parametrize("unit", [u for u in UNITS if u.suffix == ".service"], ids=str)
def test_each_service_reads_the_env_file_and_is_hardened(unit):
    lines = set(unit.read_text().splitlines())

    assert "EnvironmentFile=/etc/civicforum/civicforum.env" in lines
    assert "WorkingDirectory=/srv/civicforum" in lines
    hardening = {"NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes"}
    assert lines & hardening == hardening
    writes = [line for line in lines if line.startswith("ReadWritePaths")]
    if unit.name == "civicforum-release.service":  # collectstatic
        assert writes == ["ReadWritePaths=/srv/civicforum/staticfiles"]
    else:
        assert writes == []


def test_each_timer_runs_a_real_management_command():
    commands = {
        unit.stem: re.search(r"^Unit=civicforum-command@(\w+)\.service$", unit.read_text(), re.M)[1]
        for unit in UNITS
        if unit.suffix == ".timer"
    }

    assert commands == {
        "civicforum-clearsessions": "clearsessions",
        "civicforum-erasure": "erase_personal_data",
        "civicforum-pending-mail": "send_pending_emails",
        "civicforum-reminders": "send_reminders",
    }
    assert set(commands.values()) <= get_commands().keys()


def test_each_command_a_unit_runs_exists():
    commands = set()
    for unit in UNITS:
        for line in re.findall(r"^ExecStart=(.*)$", unit.read_text(), re.M):
            if " manage.py " in line:
                commands.add(line.split(" manage.py ")[1].split()[0])

    assert commands == {"%i", "check", "migrate", "collectstatic", "db_worker"}
    assert commands - {"%i"} <= get_commands().keys()


def test_the_single_gunicorn_config_is_the_one_the_web_unit_names():
    web = (DEPLOY / "systemd" / "civicforum-web.service").read_text()

    assert "--config /srv/civicforum/gunicorn.conf.py" in web
    assert (ROOT / "gunicorn.conf.py").is_file()
    assert not (DEPLOY / "gunicorn.conf.py").exists()


def test_nginx_sets_the_forwarded_headers_itself_and_compresses_no_page():
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in NGINX
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in NGINX
    assert "$proxy_add_x_forwarded_for" not in NGINX  # that appends what the client sent
    assert re.findall(r"^\s*gzip (on|off);", NGINX, re.M) == ["off"]
    admin_login = re.search(r"location = /admin/login/ \{(.*?)\}", NGINX, re.S)[1]
    assert NGINX.count("limit_req zone=") == admin_login.count("limit_req zone=") == 1


def test_nginx_logs_no_query_string_address_or_referer():
    log_format = re.search(r"log_format civicforum (.*?);", NGINX, re.S)[1]

    for leak in ("$request ", "$request_uri", "$args", "$query_string", "$uri"):
        assert leak not in log_format
    for leak in ("$remote_addr", "$http_referer", "$http_user_agent"):
        assert leak not in log_format
    access_logs = re.findall(r"^\s*access_log (.*);", NGINX, re.M)
    assert access_logs == ["/var/log/nginx/civicforum.access.log civicforum"] * 2


def logged_path(path: str) -> str:
    """What nginx's map makes of a path: its first matching regex, captures filled in."""
    block = re.search(r"map \$uri \$civicforum_logged_path \{(.*?)\n\}", NGINX, re.S)[1]
    for line in block.strip().splitlines():
        pattern, value = line.strip().rstrip(";").split(None, 1)
        if pattern == "default":
            return path
        found = re.match(pattern.removeprefix("~*"), path, re.IGNORECASE)
        if found:
            value = value.replace("$uri", path)
            for number, group in enumerate(found.groups(), start=1):
                value = value.replace(f"${number}", group or "")
            return value
    raise AssertionError("the map has no default")


SAMPLES = {"slug": "demo", "question_id": "1", "export_id": "1"}


def secret_paths(resolver: URLResolver, prefix: str = "/"):
    """Every URL of the site with a secret in it (a token, a handle, a code), the secret a
    sentinel."""
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from secret_paths(entry, route)
        elif isinstance(entry, URLPattern) and re.search(r"<\w+:(token|handle|code)>", route):
            yield re.sub(r"<\w+:(\w+)>", lambda m: SAMPLES.get(m[1], "Sentinel42"), route)


def test_nginx_logs_every_secret_path_without_its_secret():
    paths = list(secret_paths(get_resolver()))

    assert len(paths) >= 10
    assert [path for path in paths if "Sentinel42" in logged_path(path)] == []
    assert [path for path in paths if "Sentinel42" in logged_path(path.rstrip("/"))] == []
    assert logged_path("/rsvp/Sentinel42/not-me/") == "/rsvp/[private]/not-me/"
    assert logged_path("/my-rsvp/forget/") == "/my-rsvp/forget/"
    assert logged_path("/events/demo/") == "/events/demo/"
