"""Backup and restore of the production topology (issue 10):
``scripts/production/hub.sh backup DIR`` while the hub serves, a wipe to an
empty topology (database dropped and created empty, media files, search
indices and cache deleted), then ``hub.sh restore DIR``. The catalogue export
is the same file before and after, the uploaded image is back, and search
through nginx finds the same results from rebuilt indices.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import time
from datetime import datetime
from pathlib import Path

import requests

# An image an editor uploaded: a row in the database and a file in media.
ADD_IMAGE = """
import io, json
from django.core.files.images import ImageFile
from PIL import Image as Picture
from wagtail.images import get_image_model
Image = get_image_model()
image = Image.objects.filter(title="Backup test image").first()
if image is None:
    data = io.BytesIO()
    Picture.new("RGB", (64, 48), (0, 70, 150)).save(data, "PNG")
    image = Image(title="Backup test image", file=ImageFile(data, name="backup-test.png"))
    image.save()
print(json.dumps({"id": image.pk, "url": image.file.url}))
"""
QUERIES = ("leuven", "climate", "energy")


def export(topology) -> str:
    """The catalogue export, without the one line that says when it was made."""
    text = topology.manage("export_catalogue").stdout
    assert '"events"' in text
    return re.sub(r'\n\s*"generated_at": "[^"]*",?', "", text)


def search_results(topology, query: str) -> tuple[int, set[str]]:
    """(count, ids) of an API search answered by the cluster (a search that
    outran its timeout on a busy machine falls back for a while: ask again)."""
    deadline = time.monotonic() + 90
    while True:
        answer = topology.get(f"/api/v1/search/?q={query}&lang=en&page_size=50")
        assert answer.status_code == 200, answer.text[:300]
        data = answer.json()
        if data["backend"] == "elasticsearch" and not data["fallback"]:
            return data["count"], {hit["id"] for hit in data["results"]}
        assert time.monotonic() < deadline, f"search stays on the fallback: {data}"
        time.sleep(3)


def media_files(topology) -> dict[str, str]:
    root = Path(topology.layout["HUB_MEDIA_ROOT"])
    return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def psql_admin(topology, *sql: str) -> None:
    """SQL as PostgreSQL's superuser on the instance's socket (as the operator)."""
    psql = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))[-1]
    args = ["runuser", "-u", "postgres", "--", psql, "-X", "-q", "-v", "ON_ERROR_STOP=1",
            "-h", f"{topology.layout['HUB_RUN']}/postgresql",
            "-p", topology.layout["HUB_PG_PORT"], "-d", "postgres"]
    for statement in sql:
        args += ["-c", statement]
    subprocess.run(args, check=True, capture_output=True, text=True, timeout=120)


def secret(topology, name: str) -> str:
    for line in (Path(topology.layout["HUB_ETC"]) / "secrets.env").read_text().splitlines():
        if line.startswith(f"{name}="):
            return line.split("=", 1)[1]
    raise AssertionError(f"no {name} in secrets.env")


def wipe(topology) -> None:
    """Make the topology empty: no database content, media, indices or cache."""
    topology.ctl("stop", "gunicorn", "worker", "scheduler")
    psql_admin(topology, "DROP DATABASE hub WITH (FORCE)",
               "CREATE DATABASE hub OWNER hub ENCODING 'UTF8'")
    root = Path(topology.layout["HUB_MEDIA_ROOT"])
    for child in root.iterdir():
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    es = topology.es_urls[0]
    for index in requests.get(f"{es}/_cat/indices/hub-*?format=json", timeout=10).json():
        requests.delete(f"{es}/{index['index']}", timeout=60).raise_for_status()
    subprocess.run(["redis-cli", "-p", topology.layout["HUB_REDIS_PORT"], "FLUSHDB"],
                   env={**os.environ, "REDISCLI_AUTH": secret(topology, "REDIS_PASSWORD")},
                   check=True, capture_output=True, timeout=30)
    assert topology.sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") \
        == [(0,)]
    assert not media_files(topology)
    assert requests.get(f"{es}/_cat/indices/hub-*?format=json", timeout=10).json() == []


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_wipe_restore(healthy_topology):
    topology = healthy_topology
    # Beside the instance's data, not in pytest's temporary directories (which
    # a later run deletes): if the restore fails, the wiped instance can be
    # restored from it by hand.
    folder = Path(topology.layout["HUB_VAR"]) / "test-backup"
    shutil.rmtree(folder, ignore_errors=True)
    image = json.loads(topology.manage("shell", "-c", ADD_IMAGE).stdout.splitlines()[-1])
    catalogue = export(topology)
    searches = {query: search_results(topology, query) for query in QUERIES}
    assert all(count for count, _ids in searches.values()), searches
    media = media_files(topology)
    picture = topology.get(image["url"])
    assert picture.status_code == 200 and picture.headers["Content-Type"] == "image/png"
    schema = json.loads(topology.manage("schema_state").stdout)

    started = time.monotonic()
    topology.hub("backup", str(folder), timeout=900)
    backup_seconds = time.monotonic() - started
    assert sorted(p.name for p in folder.iterdir()) == [
        "database.dump", "manifest.json", "media.tar"]
    manifest = json.loads((folder / "manifest.json").read_text())
    release = dict(line.split("=", 1) for line in
                   (Path(topology.layout["HUB_CURRENT"]) / "RELEASE").read_text().split())
    assert manifest["format"] == "flanders-hub-backup"
    assert manifest["hub"]["commit"] == release["commit"]
    assert manifest["hub"]["version"] == release.get("version", release["commit"][:10])
    assert manifest["schema"] == schema and "events" in schema and "wagtailcore" in schema
    assert datetime.fromisoformat(manifest["created"]).tzinfo is not None
    for name in ("database.dump", "media.tar"):
        assert manifest["files"][name]["sha256"] == sha256(folder / name)
    assert manifest["files"]["media.tar"]["files"] == len(media)
    assert (folder / "database.dump").read_bytes()[:5] == b"PGDMP"  # pg_dump -Fc

    wipe(topology)
    started = time.monotonic()
    restore = topology.hub("restore", str(folder), timeout=1200, check=False)
    assert restore.returncode == 0, (
        f"the restore failed; the instance is empty until `hub.sh restore {folder}` "
        f"succeeds (HUB_INSTANCE={topology.instance}):\n{restore.stdout[-3000:]}\n"
        f"{restore.stderr[-3000:]}")
    print(f"backup {backup_seconds:.0f} s ({sum(p.stat().st_size for p in folder.iterdir())}"
          f" bytes), restore into the wiped topology {time.monotonic() - started:.0f} s")

    topology.wait_until_ready()
    assert export(topology) == catalogue
    assert media_files(topology) == media
    restored = topology.get(image["url"])
    assert restored.status_code == 200 and restored.content == picture.content
    assert {query: search_results(topology, query) for query in QUERIES} == searches
    assert topology.sql("SELECT count(*) FROM wagtailimages_image WHERE id = %s",
                        image["id"]) == [(1,)]
    shutil.rmtree(folder)


def test_restore_refuses_a_damaged_or_newer_backup(healthy_topology, tmp_path):
    """Checked before anything is touched: the hub keeps serving its content."""
    topology = healthy_topology
    folder = tmp_path / "backup"
    topology.hub("backup", str(folder), timeout=900)
    gunicorn = topology.pid("gunicorn")
    pages = topology.sql("SELECT count(*) FROM wagtailcore_page")

    damaged = tmp_path / "damaged"
    shutil.copytree(folder, damaged)
    dump = bytearray((damaged / "database.dump").read_bytes())
    dump[len(dump) // 2] ^= 0xFF
    (damaged / "database.dump").write_bytes(bytes(dump))
    result = topology.hub("restore", str(damaged), check=False)
    assert result.returncode != 0
    assert "does not match its checksum" in result.stderr, result.stderr[-2000:]

    newer = tmp_path / "newer"
    shutil.copytree(folder, newer)
    manifest = json.loads((newer / "manifest.json").read_text())
    manifest["schema"]["events"] = "9999_from_a_newer_release"
    (newer / "manifest.json").write_text(json.dumps(manifest))
    result = topology.hub("restore", str(newer), check=False)
    assert result.returncode != 0
    assert "made by a newer release" in result.stderr, result.stderr[-2000:]

    incomplete = tmp_path / "incomplete"
    shutil.copytree(folder, incomplete)
    (incomplete / "manifest.json").unlink()
    result = topology.hub("restore", str(incomplete), check=False)
    assert result.returncode != 0 and "not a complete backup" in result.stderr

    # Nothing was touched.
    assert topology.pid("gunicorn") == gunicorn
    assert topology.sql("SELECT count(*) FROM wagtailcore_page") == pages
    assert topology.readyz().status_code == 200
