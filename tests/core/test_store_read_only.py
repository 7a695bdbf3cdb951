"""A store that the kernel itself will not let us write (as an unprivileged user): it opens
read-only and reads, where it used to be called damaged. Run in a child process that has
given up root, since root writes through permission bits."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import write_jsonl

from annotator.core import Store, default_schema, import_files
from annotator.core.errors import StoreError, StoreReadOnlyError


def as_nobody(work) -> int:
    """Run `work()` in a forked child as user nobody; its exit status (0: it passed)."""
    import pwd
    nobody = pwd.getpwnam("nobody")
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status = 1
        try:
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            work()
            status = 0
        except BaseException as exc:  # noqa: BLE001 (reported through the exit status)
            os.write(2, f"{type(exc).__name__}: {exc}\n".encode())
        finally:
            os._exit(status)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


@pytest.mark.skipif(not hasattr(os, "fork") or os.geteuid() != 0,
                    reason="needs root to become another user; as a user, the CLI tests' "
                           "chmod already denies writes")
@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_store_nobody_may_write_opens_read_only(what):
    folder = Path(tempfile.mkdtemp(prefix="annotator-ro-"))
    try:
        folder.chmod(0o755)
        path = folder / "news.db"
        store = Store.create(path, default_schema())
        source = write_jsonl(folder / "a.jsonl", [{"id": "a", "text": "Hello Zarif."}])
        import_files(store, [source])
        store.close()
        (folder / "a.jsonl").unlink()
        if what == "file":
            path.chmod(0o444)  # owned by root: nobody may not write it anyway
        else:
            folder.chmod(0o555)

        def work() -> None:
            opened = Store.open(path)
            assert opened.read_only
            assert opened.annotations.article_by_id("a").text == "Hello Zarif."
            with pytest.raises(StoreReadOnlyError) as caught, opened.transaction():
                opened.annotations.ensure_annotator("x")
            assert str(caught.value) == f"{path} is read-only: nothing was saved"
            opened.close()

        assert as_nobody(work) == 0
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


@pytest.mark.skipif(not hasattr(os, "fork") or os.geteuid() != 0,
                    reason="needs root to become another user")
def test_saved_changes_in_a_wal_on_a_read_only_folder_are_not_called_damaged():
    folder = Path(tempfile.mkdtemp(prefix="annotator-ro-"))
    try:
        folder.chmod(0o755)
        path = folder / "news.db"
        Store.create(path, default_schema()).close()
        copy = folder / "copy"
        copy.mkdir()
        writer = Store.open(path)
        writer.conn.execute("PRAGMA wal_autocheckpoint = 0")
        with writer.transaction():
            writer.annotations.ensure_annotator("amira")
        for name in ("news.db", "news.db-wal"):  # copied while the store is open
            shutil.copy(folder / name, copy / name)
        writer.close()
        copy.chmod(0o555)
        copied = copy / "news.db"

        def work() -> None:
            with pytest.raises(StoreError) as caught:
                Store.open(copied)
            assert str(caught.value) == (
                f"{copied} has saved changes in news.db-wal that SQLite can only read "
                "from a folder that can be written: copy both files to such a folder "
                "to open it"), str(caught.value)

        assert as_nobody(work) == 0
    finally:
        for sub in (folder / "copy", folder):
            if sub.exists():
                sub.chmod(0o755)
        shutil.rmtree(folder)
