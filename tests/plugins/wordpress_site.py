"""A throw-away WordPress for the plugin's end-to-end test: Debian's
``wordpress`` package copied into a temporary folder with its own
wp-config.php, a private MariaDB server on a Unix socket (no TCP port), a
minimal classic theme, the plugin folder copied into wp-content/plugins as a
site owner would, and PHP's built-in web server on a free local port.

Nothing outside the temporary folder is touched: Debian's own configuration
under /etc/wordpress and its system MariaDB stay as they are.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

WORDPRESS = Path("/usr/share/wordpress")
MARIADBD = "/usr/sbin/mariadbd"
INSTALL_DB = "/usr/bin/mariadb-install-db"
MARIADB = "/usr/bin/mariadb"
PLUGIN = Path(__file__).resolve().parents[2] / "plugins/wordpress/flanders-hub"
COMMAND = PLUGIN / "tests/e2e/wp-command.php"
ADMIN = ("admin", "hub-test-password")
REQUIREMENTS = {
    "php": "php-cli", MARIADBD: "mariadb-server", INSTALL_DB: "mariadb-server",
    str(WORDPRESS / "wp-settings.php"): "wordpress",
}

THEME = {
    "style.css": "/*\nTheme Name: Hub test\n*/\n",
    "index.php": (
        "<!DOCTYPE html><html><head><?php wp_head(); ?></head><body>\n"
        "<?php while ( have_posts() ) { the_post(); echo '<main>'; the_content();"
        " echo '</main>'; } ?>\n<?php wp_footer(); ?></body></html>\n"
    ),
}
# WordPress mails the admin on install; there is no MTA here.
NO_MAIL = "<?php add_filter( 'pre_wp_mail', '__return_false' );\n"


class SetupError(RuntimeError):
    """The site could not be set up; the message says what is missing."""


def missing_requirements() -> list[str]:
    """Debian packages to install before the site can run."""
    missing = set()
    for path, package in REQUIREMENTS.items():
        if not (shutil.which(path) if "/" not in path else os.path.exists(path)):
            missing.add(package)
    if shutil.which("php"):
        modules = subprocess.run(["php", "-m"], capture_output=True, text=True).stdout
        if "mysqli" not in modules.split():
            missing.add("php-mysql")
    return sorted(missing)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wp_config(root: Path, url: str, db_socket: Path) -> str:
    keys = "".join(f"define( '{name}', 'hub-test-{name.lower()}' );\n" for name in (
        "AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY",
        "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT"))
    return (
        "<?php\n"
        "define( 'DB_NAME', 'wordpress' );\n"
        f"define( 'DB_USER', '{_db_user()}' );\n"
        "define( 'DB_PASSWORD', '' );\n"
        f"define( 'DB_HOST', 'localhost:{db_socket}' );\n"
        "define( 'DB_CHARSET', 'utf8mb4' );\n"
        f"define( 'WP_HOME', '{url}' );\n"
        f"define( 'WP_SITEURL', '{url}' );\n"
        "define( 'WP_CONTENT_DIR', __DIR__ . '/wp-content' );\n"
        f"{keys}"
        "define( 'WP_DEBUG', true );\n"
        f"define( 'WP_DEBUG_LOG', '{root}/debug.log' );\n"
        "define( 'WP_DEBUG_DISPLAY', false );\n"
        "define( 'AUTOMATIC_UPDATER_DISABLED', true );\n"
        "define( 'DISABLE_WP_CRON', true );\n"
        "define( 'WP_HTTP_BLOCK_EXTERNAL', true );\n"
        "$table_prefix = 'wp_';\n"
        "if ( ! defined( 'ABSPATH' ) ) {\n\tdefine( 'ABSPATH', __DIR__ . '/' );\n}\n"
        "require_once ABSPATH . 'wp-settings.php';\n"
    )


def _db_user() -> str:
    # mariadb-install-db makes the invoking system user a passwordless account.
    return "root" if os.geteuid() == 0 else os.environ.get("USER", "root")


@dataclass
class WordPressSite:
    root: Path
    url: str = ""
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def docroot(self) -> Path:
        return self.root / "wordpress"

    @property
    def db_socket(self) -> Path:
        return self.root / "mysql.sock"

    # --- life cycle ---------------------------------------------------------

    @classmethod
    def start(cls) -> WordPressSite:
        root = Path(tempfile.mkdtemp(prefix="hub-wp-"))
        site = cls(root)
        try:
            site._start_mariadb()
            site._install_wordpress()
            site._start_web_server()
        except BaseException:
            site.stop()
            raise
        return site

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        self.processes.clear()
        shutil.rmtree(self.root, ignore_errors=True)

    def _start_mariadb(self) -> None:
        data = self.root / "mysql"
        user = ["--user=root"] if os.geteuid() == 0 else []
        result = subprocess.run(
            [INSTALL_DB, "--no-defaults", f"--datadir={data}", *user,
             "--auth-root-authentication-method=normal", "--skip-test-db"],
            capture_output=True, text=True, timeout=120)
        if result.returncode:
            raise SetupError(f"mariadb-install-db failed:\n{result.stdout}{result.stderr}")
        log = self.root / "mysql.err"
        self.processes.append(subprocess.Popen(
            [MARIADBD, "--no-defaults", f"--datadir={data}", *user,
             f"--socket={self.db_socket}", "--skip-networking", f"--log-error={log}",
             f"--pid-file={self.root / 'mysql.pid'}", "--skip-log-bin",
             "--innodb-buffer-pool-size=16M", "--innodb-flush-log-at-trx-commit=0"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
        deadline = time.monotonic() + 60
        while True:
            answer = subprocess.run(
                [MARIADB, "--no-defaults", f"--socket={self.db_socket}", "-u", _db_user(),
                 "-e", "CREATE DATABASE IF NOT EXISTS wordpress"],
                capture_output=True, text=True)
            if answer.returncode == 0:
                return
            if time.monotonic() > deadline or self.processes[-1].poll() is not None:
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                raise SetupError(f"MariaDB did not start: {answer.stderr}\n{tail}")
            time.sleep(0.2)

    def _install_wordpress(self) -> None:
        self.url = f"http://127.0.0.1:{_free_port()}"
        # A copy, so that wp-load.php finds this wp-config.php and not Debian's.
        shutil.copytree(WORDPRESS, self.docroot, symlinks=True)
        content = self.docroot / "wp-content"
        shutil.rmtree(content / "plugins")
        shutil.copytree(PLUGIN, content / "plugins/flanders-hub",
                        ignore=shutil.ignore_patterns("tests", "tools"))
        theme = content / "themes/hubtest"
        theme.mkdir(parents=True)
        for name, text in THEME.items():
            (theme / name).write_text(text)
        (content / "mu-plugins").mkdir()
        (content / "mu-plugins/no-mail.php").write_text(NO_MAIL)
        (self.docroot / "wp-config.php").write_text(
            _wp_config(self.root, self.url, self.db_socket))
        answer = json.loads(self.command("install", self.url))
        if answer != {"active": True}:
            raise SetupError(f"the plugin did not activate: {answer}")

    def _start_web_server(self) -> None:
        port = urllib.parse.urlsplit(self.url).port
        # Workers: the block editor loads its scripts in parallel.
        env = {**os.environ, "PHP_CLI_SERVER_WORKERS": "4"}
        with open(self.root / "server.log", "wb") as log:
            self.processes.append(subprocess.Popen(
                ["php", "-S", f"127.0.0.1:{port}", "-t", str(self.docroot)],
                stdout=subprocess.DEVNULL, stderr=log, env=env, start_new_session=True))
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return
            except OSError:
                if time.monotonic() > deadline or self.processes[-1].poll() is not None:
                    raise SetupError("php -S did not start") from None
                time.sleep(0.1)

    # --- helpers for tests ----------------------------------------------------

    def command(self, name: str, argument: str = "", stdin: str = "") -> str:
        """Runs tests/e2e/wp-command.php against this site."""
        result = subprocess.run(
            ["php", str(COMMAND), str(self.docroot), name, argument],
            input=stdin, capture_output=True, text=True, timeout=120)
        if result.returncode:
            raise SetupError(f"wp-command.php {name} failed:\n{result.stdout}{result.stderr}")
        return result.stdout

    def add_page(self, title: str, content: str) -> str:
        """Publishes a page and returns its URL."""
        page_id = int(self.command("page", title, stdin=content))
        return f"{self.url}/?page_id={page_id}"

    def option(self, name: str):
        return json.loads(self.command("option", name))

    def set_option(self, name: str, value) -> None:
        self.command("set-option", name, stdin=json.dumps(value))

    def plugin_log_lines(self) -> list[str]:
        """PHP notices, warnings and errors WordPress logged from the plugin."""
        log = self.root / "debug.log"
        lines = log.read_text(errors="replace").splitlines() if log.exists() else []
        return [line for line in lines if "flanders-hub" in line]

    def login(self) -> Browser:
        browser = Browser(self.url)
        browser.request("/wp-login.php")  # sets the test cookie
        answer = browser.request("/wp-login.php", {
            "log": ADMIN[0], "pwd": ADMIN[1], "wp-submit": "Log In",
            "redirect_to": f"{self.url}/wp-admin/", "testcookie": "1"})
        if not any(cookie.name.startswith("wordpress_logged_in") for cookie in browser.cookies):
            raise SetupError(f"login failed ({answer.status}):\n{answer.text[:2000]}")
        return browser


@dataclass
class Answer:
    status: int
    headers: dict
    text: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """HTTP with cookies and without following redirects (they are checked)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect())

    def request(self, path: str, form: dict | None = None,
                headers: dict | None = None) -> Answer:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                return Answer(response.status, dict(response.headers),
                              response.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers),
                          error.read().decode("utf-8", "replace"))
