"""cpod-sdk: the Python client for cPod.

It gets and refreshes your app's OAuth token, retries what is safe to retry, raises a typed
exception for every failure, and gives each cPod API a namespace (``kv``, ``files``,
``entities``, ``analytics``, ``audit``, ``secrets``, ``oauth.apps``). ``CpodClient`` is for
threads and scripts, ``AsyncCpodClient`` for asyncio; both behave like the TypeScript SDK
``@cpod/sdk``.
"""

from ._call import RequestOptions
from ._client import AsyncClientOptions, AsyncCpodClient, ClientOptions, CpodClient
from ._errors import (
    AuthenticationError,
    ConflictError,
    CpodConnectionError,
    CpodError,
    CpodTimeoutError,
    ErrorCode,
    FieldError,
    NotFoundError,
    PermissionDeniedError,
    PreconditionFailedError,
    RateLimitError,
    ServerError,
    ValidationError,
)
from ._files import AsyncFileDownload, FileDownload, UploadProgress
from ._pagination import AsyncPage, AsyncPager, Page, Pager
from ._resources.kv import Tier
from ._version import VERSION

__version__ = VERSION

__all__ = [
    "AsyncClientOptions",
    "AsyncCpodClient",
    "AsyncFileDownload",
    "AsyncPage",
    "AsyncPager",
    "AuthenticationError",
    "ClientOptions",
    "ConflictError",
    "CpodClient",
    "CpodConnectionError",
    "CpodError",
    "CpodTimeoutError",
    "ErrorCode",
    "FieldError",
    "FileDownload",
    "NotFoundError",
    "Page",
    "Pager",
    "PermissionDeniedError",
    "PreconditionFailedError",
    "RateLimitError",
    "RequestOptions",
    "ServerError",
    "Tier",
    "UploadProgress",
    "ValidationError",
    "__version__",
]
