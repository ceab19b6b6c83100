"""Write the API's OpenAPI document to api/openapi.json (or check it is up to date), so that a
change to the API shows in review as a change to that file."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from api.docs import SCHEMA_FILE, schema_text


class Command(BaseCommand):
    help = "Write api/openapi.json from the API's code; --check fails if it is out of date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Only check; write nothing.")

    def handle(self, *args: object, check: bool, **options: object) -> None:
        text = schema_text()
        if check:
            if not SCHEMA_FILE.exists() or SCHEMA_FILE.read_text() != text:
                raise CommandError("api/openapi.json is out of date: run `make openapi`.")
            self.stdout.write("api/openapi.json is up to date.")
            return
        SCHEMA_FILE.write_text(text)
        self.stdout.write(f"Wrote {SCHEMA_FILE.name}.")
