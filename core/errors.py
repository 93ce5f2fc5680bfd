"""Domain errors: raised by services, shown by views as messages and by the API as 400/409."""


class DomainError(Exception):
    """A rule of the portal refused the action. `code` is stable for API clients."""

    status_code = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = str(message)
        self.field = field
        if code:
            self.code = code


class TransitionError(DomainError):
    """The object is not in a status from which this move is legal (someone else moved it)."""

    status_code = 409
    code = "conflict"


class Throttled(DomainError):
    status_code = 429
    code = "throttled"
    # Seconds until a retry can succeed, when known: the API sends it as Retry-After.
    retry_after: int | None = None
