"""Spreadsheet uploads to the admin (django-import-export), read whole or refused at once.

Each upload is checked before any row is imported: its size (ADMIN_IMPORT_MAX_BYTES), for XLSX the
size its zip expands to (ADMIN_IMPORT_MAX_EXPANDED_BYTES: a small file can expand to gigabytes),
its rows (ADMIN_IMPORT_MAX_ROWS), and its shape. CSV is read strictly: a quote that never closes, or
a row with more or fewer cells than there are columns, refuses the file, where the library would
read the rest of the file into one cell or pad a short row with blanks that then overwrite stored
values. A cell with a control character or a direction override (plans/text.py) refuses it too.

Between the import's two steps (preview, confirm) the file waits in PrivateTempStorage: a folder of
the service's own, each file named by a random hex name that the confirm step must give back
exactly; files are removed once imported, when the preview finds errors, and a day unconfirmed.
"""

import csv
import io
import re
import time
import uuid
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import tablib
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from import_export.formats import base_formats
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.tmp_storages import BaseStorage

from plans.text import refused_character, size_in_words

STORED_NAME = re.compile(r"[0-9a-f]{32}")
UNCONFIRMED_SECONDS = 24 * 3600


class UploadRefused(ValueError):
    """The file cannot be imported; the message says why, for the admin page."""


def check_size(size: int) -> None:
    limit = settings.ADMIN_IMPORT_MAX_BYTES
    if size > limit:
        raise UploadRefused(
            f"The file is larger than {size_in_words(limit)}; nothing was imported. Split it into "
            "smaller files."
        )


def _check_rows(count: int) -> None:
    limit = settings.ADMIN_IMPORT_MAX_ROWS
    if count > limit:
        raise UploadRefused(
            f"The file has more than {limit:,} rows; nothing was imported. Split it into smaller "
            "files."
        )


def _check_cell(row: int, column: str, value: object) -> None:
    if isinstance(value, str) and (problem := refused_character(value)):
        raise UploadRefused(f"Row {row}, column {column}: {problem}. Nothing was imported.")


def strict_csv_rows(text: str) -> list[list[str]]:
    """A CSV file's rows, header first; UploadRefused names the first row that cannot be read."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=None), strict=True)
    rows: list[list[str]] = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            raise UploadRefused(
                f"Row {len(rows) + 1}: a quote in this row never closes, or its quotes do not "
                "pair up; nothing was imported. Close the quote or remove it."
            ) from None
        if not any(cell.strip() for cell in cells):
            continue
        _check_rows(len(rows))
        if rows and len(cells) != len(rows[0]):
            raise UploadRefused(
                f"Row {reader.line_num}: it has {len(cells)} cells but there are {len(rows[0])} "
                "columns; nothing was imported. A short row would blank the values it leaves out."
            )
        for position, cell in enumerate(cells):
            _check_cell(reader.line_num, rows[0][position] if rows else str(position + 1), cell)
        rows.append(cells)
    if not rows:
        raise UploadRefused("The file is empty; nothing was imported.")
    return rows


class StrictCSV(base_formats.CSV):
    def create_dataset(self, in_stream: bytes | str, **kwargs: Any) -> tablib.Dataset:
        if isinstance(in_stream, bytes):
            check_size(len(in_stream))
            try:
                in_stream = in_stream.decode(self.encoding or "utf-8-sig")
            except UnicodeDecodeError:
                raise UploadRefused(
                    "The file is not UTF-8 text: save it from the spreadsheet as “CSV UTF-8”."
                ) from None
        check_size(len(in_stream.encode()))
        header, *rows = strict_csv_rows(in_stream)
        dataset = tablib.Dataset(headers=header)
        for row in rows:
            dataset.append(row)
        return dataset


class LimitedXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream: bytes, **kwargs: Any) -> tablib.Dataset:
        check_size(len(in_stream))
        limit = settings.ADMIN_IMPORT_MAX_EXPANDED_BYTES
        try:
            with zipfile.ZipFile(io.BytesIO(in_stream)) as archive:
                expanded = sum(member.file_size for member in archive.infolist())
        except zipfile.BadZipFile:
            raise UploadRefused(
                "The file is not an XLSX spreadsheet; nothing was imported."
            ) from None
        if expanded > limit:
            raise UploadRefused(
                f"The spreadsheet expands to more than {size_in_words(limit)}; nothing was "
                "imported. Split it into smaller files."
            )
        book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        rows = book.active.iter_rows(values_only=True)
        header = list(next(rows, []))
        dataset = tablib.Dataset(headers=header)
        for number, row in enumerate(rows, start=2):
            if all(value is None for value in row):
                continue
            _check_rows(len(dataset) + 1)
            if any(value is not None for value in row[len(header) :]):
                raise UploadRefused(
                    f"Row {number}: it has cells beyond the last column; nothing was imported."
                )
            for position, value in enumerate(row[: len(header)]):
                _check_cell(number, str(header[position]), value)
            dataset.append(list(row[: len(header)]) + [None] * (len(header) - len(row)))
        return dataset


class PrivateTempStorage(BaseStorage):
    """Files between an import's preview and its confirmation, in the service's own folder."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.read_mode = "rb"  # the formats decode text themselves

    @staticmethod
    def folder() -> Path:
        folder = Path(settings.ADMIN_IMPORT_TMP_DIR)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return folder

    def path(self) -> Path:
        if not self.name or not STORED_NAME.fullmatch(self.name):
            raise UploadRefused("The import's file name was changed; start the import again.")
        return self.folder() / self.name

    def save(self, data: bytes | str) -> None:
        self._remove_unconfirmed()
        self.name = uuid.uuid4().hex
        self.path().write_bytes(data.encode() if isinstance(data, str) else data)

    def read(self) -> bytes:
        return self.path().read_bytes()

    def remove(self) -> None:
        self.path().unlink(missing_ok=True)

    def exists(self) -> bool:
        try:
            return self.path().is_file()
        except UploadRefused:
            return False

    def _remove_unconfirmed(self) -> None:
        cutoff = time.time() - UNCONFIRMED_SECONDS
        for stale in self.folder().iterdir():
            if STORED_NAME.fullmatch(stale.name) and stale.stat().st_mtime < cutoff:
                stale.unlink(missing_ok=True)


class LimitedImportForm(ImportForm):
    def clean_import_file(self) -> UploadedFile:
        upload = self.cleaned_data["import_file"]
        try:
            check_size(upload.size)
        except UploadRefused as refused:
            raise forms.ValidationError(str(refused)) from None
        return upload


class CheckedConfirmImportForm(ConfirmImportForm):
    """The confirm step's hidden fields, checked: a file this service stored, and a format and
    resource that exist (set by SafeImportMixin.create_confirm_form)."""

    format_count = 0
    resource_count = 0

    def clean_import_file_name(self) -> str:
        name = self.cleaned_data["import_file_name"]
        if not PrivateTempStorage(name=name).exists():
            raise forms.ValidationError(
                "The file to import is no longer there, or its name was changed; start the import "
                "again."
            )
        return name

    def clean_format(self) -> str:
        return self._index("format", self.format_count, required=True)

    def clean_resource(self) -> str:
        return self._index("resource", self.resource_count, required=False)

    def _index(self, name: str, count: int, *, required: bool) -> str:
        value = self.cleaned_data[name]
        if not value and not required:
            return value
        if not (value.isascii() and value.isdigit() and int(value) < count):
            raise forms.ValidationError("The import was changed; start it again.")
        return value


class SafeImportMixin:
    """For an ImportExportModelAdmin: the checked formats, forms and private storage above, and
    no file left behind when an import is refused."""

    import_formats = [StrictCSV, LimitedXLSX]
    import_form_class = LimitedImportForm
    confirm_form_class = CheckedConfirmImportForm
    tmp_storage_class = PrivateTempStorage

    def create_confirm_form(
        self, request: HttpRequest, import_form: forms.Form | None = None
    ) -> forms.Form:
        form = super().create_confirm_form(request, import_form)
        form.format_count = len(self.get_import_formats())
        form.resource_count = len(self.get_import_resource_classes(request))
        return form

    def add_data_read_fail_error_to_form(self, form: forms.Form, error: Exception) -> None:
        if isinstance(error, UploadRefused):
            form.add_error("import_file", str(error))
        else:
            super().add_data_read_fail_error_to_form(form, error)

    def import_action(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        stored = getattr(request.FILES.get("import_file"), "tmp_storage_name", None)
        if stored and "confirm_form" not in context:
            PrivateTempStorage(name=stored).remove()  # refused: nothing waits for a confirmation
        return response

    def process_import(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        try:
            return super().process_import(request, **kwargs)
        finally:
            name = request.POST.get("import_file_name", "")
            if STORED_NAME.fullmatch(name):
                PrivateTempStorage(name=name).remove()
