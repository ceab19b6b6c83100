import os
import time
from pathlib import Path

import pytest

from plans.uploads import PrivateTempStorage, UploadRefused, strict_csv_rows


@pytest.fixture(autouse=True)
def folder(settings, tmp_path: Path) -> Path:
    settings.ADMIN_IMPORT_TMP_DIR = str(tmp_path / "imports")
    return tmp_path / "imports"


def test_a_stored_file_gets_a_random_name_in_the_private_folder(folder: Path) -> None:
    storage = PrivateTempStorage()
    storage.save(b"a,b\n")
    assert (folder / storage.name).read_bytes() == b"a,b\n"
    assert PrivateTempStorage(name=storage.name).read() == b"a,b\n"


@pytest.mark.parametrize("name", ["../x", "/etc/passwd", "ABC", "", "0" * 31])
def test_only_names_the_storage_made_are_read(name: str) -> None:
    with pytest.raises(UploadRefused):
        PrivateTempStorage(name=name).read()
    assert not PrivateTempStorage(name=name).exists()


def test_unconfirmed_files_are_removed_after_a_day(folder: Path) -> None:
    old = PrivateTempStorage()
    old.save(b"old")
    day_ago = time.time() - 25 * 3600
    os.utime(folder / old.name, (day_ago, day_ago))
    PrivateTempStorage().save(b"new")
    assert not (folder / old.name).exists()
    assert len(list(folder.iterdir())) == 1


def test_strict_csv_reads_quoted_line_breaks_and_any_line_ends() -> None:
    assert strict_csv_rows('a,b\r1,"two\nlines"\r') == [["a", "b"], ["1", "two\nlines"]]
