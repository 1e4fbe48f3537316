class DomainError(Exception):
    """A business rule refused an action. `message` is translated and shown to the user;
    `field` names the form field it belongs to, when there is one."""

    def __init__(self, message, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class NotAllowed(DomainError):
    """The actor may see the object but may not take this action (HTTP 403)."""

    def __init__(self, message, **kwargs):
        kwargs.setdefault("code", "forbidden")
        super().__init__(message, **kwargs)


class InvalidState(DomainError):
    """The action is not possible in the object's current state (HTTP 409)."""

    def __init__(self, message, **kwargs):
        kwargs.setdefault("code", "conflict")
        super().__init__(message, **kwargs)
