"""robots.txt as RFC 9309 reads it: a robots.txt that cannot be had because of the server (5xx) or the network
means "disallow everything" for now, where Scrapy's middleware would allow everything."""

from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest


class RobotsDenied(IgnoreRequest):
    """robots.txt says no: policy, not a failure."""


class RobotsUnreachable(IgnoreRequest):
    """The site's robots.txt could not be had (5xx, no connection): nothing may be fetched this run."""


class _Unreachable:
    """Stands in for a site's parsed robots.txt when there is none to be had."""

    def __init__(self, reason: str):
        self.reason = reason


class StrictRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with RFC 9309's rule for an unreachable robots.txt (section 2.3.1.4) and
    refusals of its own kinds, so that the spider tells policy from failure."""

    def process_request_2(self, rp, request) -> None:
        if isinstance(rp, _Unreachable):
            raise RobotsUnreachable(rp.reason)
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest as refusal:
            raise RobotsDenied(str(refusal)) from None

    async def _parse_robots(self, response, netloc, request) -> None:
        if response.status >= 500:
            self._stats.inc_value("robotstxt/unreachable")
            self._settle(netloc, _Unreachable(f"robots.txt answered {response.status}"))
            return
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):
            super()._robots_error(exc, netloc)
            return
        self._stats.inc_value("robotstxt/unreachable")
        self._settle(netloc, _Unreachable(f"robots.txt unreachable: {exc.__class__.__name__} {exc}".strip()))

    def _settle(self, netloc: str, parser) -> None:
        waiting = self._parsers[netloc]
        self._parsers[netloc] = parser
        waiting.callback(parser)
