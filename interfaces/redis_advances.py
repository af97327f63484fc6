"""'Projection advanced' between processes, over Redis pub/sub.

In production the follower runs in its own process (`styrlogg follow`) and the web
workers in others. The follower publishes each position it reaches on a channel named
after the store; every web process listens in one thread and wakes its readers waiting
for `min_position` at once, instead of their re-reading the tracking rows every 50 ms.
They still re-read every `poll_seconds`, so a lost message or a Redis outage costs
latency, never a wrong answer: the tracking rows stay the truth.
"""

from __future__ import annotations

import logging
import threading

import redis

from projections.as_of import Advances

log = logging.getLogger(__name__)


class RedisAdvances(Advances):
    poll_seconds = 0.5

    def __init__(self, url: str, channel: str) -> None:
        super().__init__()
        self.channel = channel
        self._client = redis.Redis.from_url(
            url, socket_connect_timeout=2, socket_timeout=2, health_check_interval=30
        )
        self._stop = threading.Event()
        self.listening = threading.Event()
        """Set while subscribed: from then on no announcement is missed."""
        self._thread = threading.Thread(target=self._listen, name="redis-advances", daemon=True)
        self._thread.start()

    def advanced(self, position: int) -> None:
        super().advanced(position)
        try:
            self._client.publish(self.channel, str(position))
        except redis.RedisError as error:
            log.warning("could not publish position %s on %s: %s", position, self.channel, error)

    def _listen(self) -> None:
        while not self._stop.is_set():
            try:
                pubsub = self._client.pubsub(ignore_subscribe_messages=True)  # type: ignore[no-untyped-call]
                with pubsub:
                    pubsub.subscribe(self.channel)
                    self.listening.set()
                    while not self._stop.is_set():
                        if pubsub.get_message(timeout=1.0) is not None:
                            self._wake()
            except redis.RedisError as error:
                self.listening.clear()
                log.warning("listening on %s failed, retrying: %s", self.channel, error)
                self._stop.wait(1.0)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._client.close()
