"""A Redis cache that degrades to this process's memory while Redis does not answer.

Nothing congvu keeps in the cache is a record: API throttle counters, and values that can be computed
again. Losing Redis must therefore cost precision, never requests: while Redis is unreachable every call
goes to a local in-memory cache (so throttles keep counting per process, and fail open across
processes), and Redis is tried again after ``RETRY_AFTER`` seconds. Without this, each call waits for
the socket timeout and then raises, and every API call answers 500.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

log = logging.getLogger(__name__)
RETRY_AFTER = 30.0

try:  # redis-py's errors; its absence would already fail RedisCache
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    UNREACHABLE: tuple[type[BaseException], ...] = (RedisConnectionError, RedisTimeoutError, OSError)
except ImportError:  # pragma: no cover
    UNREACHABLE = (OSError,)


class FallbackRedisCache(RedisCache):
    """``RedisCache`` whose every operation falls back to a ``LocMemCache`` while Redis is down."""

    def __init__(self, server: str, params: dict[str, Any]):
        super().__init__(server, params)
        self._local = LocMemCache(f"fallback-{server}", {"TIMEOUT": params.get("TIMEOUT", 300)})
        self._down_until = 0.0
        self._lock = threading.Lock()

    @property
    def degraded(self) -> bool:
        """True while calls go to local memory (``/readyz`` reports it)."""
        return time.monotonic() < self._down_until

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if not self.degraded:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except UNREACHABLE as error:
                with self._lock:
                    self._down_until = time.monotonic() + RETRY_AFTER
                log.warning("cache: Redis unreachable (%r); using local memory for %ss", error, RETRY_AFTER)
        return getattr(self._local, name)(*args, **kwargs)

    def add(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("add", *args, **kwargs)

    def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("get", *args, **kwargs)

    def set(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("set", *args, **kwargs)

    def touch(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("touch", *args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("delete_many", *args, **kwargs)

    def clear(self) -> Any:
        return self._call("clear")

    def ping(self) -> bool:
        """Whether Redis answers now (for ``/readyz``); does not change the fallback state."""
        try:
            return bool(self._cache.get_client(write=False).ping())
        except UNREACHABLE:
            return False
