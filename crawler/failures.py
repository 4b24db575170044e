"""What a failed request was, in a word the summary and the failures table can count by."""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TimeoutError, TCPTimedOutError
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from crawler.middlewares import OffsiteRequest
from crawler.robots import RobotsDenied, RobotsUnreachable


def failure_reason(failure) -> str | None:
    """The class of a failed request ("HTTP 503", "timeout", "offsite redirect", "redirect loop", "too large",
    "connection refused", "connection dropped", "robots.txt unreachable"...), or None when it is no failure but
    robots.txt's policy."""
    if failure.check(RobotsDenied):
        return None
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status}"
    if failure.check(OffsiteRequest):
        return "offsite redirect" if "redirect" in str(failure.value) else "offsite request"
    if failure.check(RobotsUnreachable):
        return "robots.txt unreachable"
    if failure.check(IgnoreRequest):
        message = str(failure.value)
        if "max redirections" in message:
            return "redirect loop"
        if "DOWNLOAD_MAXSIZE" in message or "max size" in message:
            return "too large"
        return "refused"
    if failure.check(DownloadCancelledError):
        return "too large"
    if failure.check(TimeoutError, TCPTimedOutError, DownloadTimeoutError):
        return "timeout"
    if failure.check(ConnectionRefusedError, DownloadConnectionRefusedError):
        return "connection refused"
    if failure.check(DNSLookupError, CannotResolveHostError):
        return "no such host"
    if failure.check(ResponseFailed, ResponseNeverReceived, ResponseDataLossError, DownloadFailedError):
        return "connection dropped"
    return failure.type.__name__
