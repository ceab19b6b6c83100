"""Log records as one JSON object a line, so that a council's log tools can search them.

Every record has its time, level, logger and message; a request's records add its method, path
and status; a server error adds the reference shown on its 500 page (islington_equality.views.
server_error), so that the line for the page a user reports is found by searching for it.
"""

import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        event = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            event["method"] = request.method
            event["path"] = request.path
            if reference := getattr(request, "error_reference", None):
                event["reference"] = reference
        if (status := getattr(record, "status_code", None)) is not None:
            event["status"] = status
        if record.exc_info:
            event["exception"] = self.formatException(record.exc_info)
        return json.dumps(event, ensure_ascii=False, default=str)
