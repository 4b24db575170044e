"""What CONCURRENT_ITEMS costs (not a test): Scrapy's ``parallel()`` over a one-item response, per value.

    python bench/concurrent_items.py

Scrapy starts CONCURRENT_ITEMS cooperative tasks for every response, however few items it yields; an article
page yields one item, a listing page one item and about ten requests.
"""
import time
from twisted.internet import reactor, defer
from scrapy.utils.defer import parallel
def measure(count, n=2000):
    started = time.perf_counter()
    ds = [parallel(iter([object()]), count, lambda x: None) for _ in range(n)]
    d = defer.DeferredList(ds)
    def done(_):
        print(f"CONCURRENT_ITEMS={count}: {(time.perf_counter()-started)/n*1e3:.3f} ms per one-item response")
    return d.addCallback(done)
@defer.inlineCallbacks
def main():
    for c in (100, 16, 8, 100, 8):
        yield measure(c)
    reactor.stop()
reactor.callWhenRunning(main); reactor.run()
