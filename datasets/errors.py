"""The error types every layer raises for input the user can fix; they live at the bottom layer."""


class UserFacingError(ValueError):
    """A request the app cannot honour; its message is shown to the user as is."""


class DatasetError(UserFacingError):
    """A dataset or split request that cannot be honoured; the message tells the user how to fix it."""
