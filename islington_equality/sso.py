from urllib.parse import urlsplit


def sso_origin(issuer: str) -> str:
    """The identity provider's origin (scheme, host and port), for the Content Security Policy."""
    parts = urlsplit(issuer)
    return f"{parts.scheme}://{parts.netloc}"
