class RuleError(Exception):
    """A rule said no. `message` is for the person, in their language; `field` is the form
    field to show it on (None: above the form)."""

    field: str | None = None

    def __init__(self, message):
        super().__init__(message)
        self.message = message
