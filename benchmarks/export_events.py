"""Seeded, realistic event streams for the export benchmark (``benchmarks/export.py``).

Events come in visits, as the browser sends them: each visit has a language (80 % English, the rest
Danish, Chinese, Korean, Vietnamese and Tagalog), a random ``visit`` id (one visit in ten has none:
an old page), a ``source`` of ``widget`` for one in five, one to five searches a few seconds apart,
clicks on the results of most searches that found something, now and then a vote, and for about one
visit in twelve a ``contact`` (more often after a search that found nothing). Query popularity is
Zipf-like: a few hundred phrasings make most searches, and a long tail of rare ones makes most of
the distinct queries.

Searches that found nothing draw from a pool of exactly ``distinct`` different normalised forms:
popular gaps, typos of them (what the export's typo grouping merges), and a long tail of rare
phrasings made of store words and made-up product names. Every form of the pool is searched at
least once, so a stream has exactly ``distinct`` distinct zero-result queries.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from collections.abc import Iterator

LANGS = [("en", 80), ("da", 6), ("zh", 4), ("ko", 4), ("vi", 3), ("tl", 3)]
CHANNELS = ["email", "chat", "phone"]
REASONS = ["unclear", "didnt-answer", "outdated", "other"]
STORE_WORDS = " ".join((
    "order tracking parcel refund return label exchange size boots jacket tent pole stove sleeping bag rain cover "
    "delivery express shipping cost customs duty invoice receipt gift card voucher discount code student military "
    "warranty repair zipper seam waterproof care wash wax leather sole insole strap buckle backpack hip belt frame "
    "lantern battery charger paypal klarna afterpay apple pay invoice address change cancel late missing damaged "
    "wrong item colour black green navy large small medium kids women men winter summer trail running hiking",
)).split()
FOUND_PHRASES = (
    "where is my order", "refund", "return label", "track my parcel", "change delivery address", "cancel order",
    "size chart", "boot sizes", "warranty", "repair", "payment methods", "gift card balance", "discount code",
    "express shipping", "international shipping", "customs", "exchange size", "waterproof jacket care",
    "tent pole broken", "student discount", "delete my account", "invoice", "damaged item", "missing parcel",
)
GAP_PHRASES = (
    "tent rental", "can i pay with afterpay", "pro deal", "click and collect", "price match", "gift wrapping",
    "engraving", "bulk orders", "military discount", "wishlist", "night mode", "loyalty points", "trade in",
    "rent a kayak", "store opening hours", "black friday", "layaway", "sample sale", "custom embroidery",
    "buy now pay later", "refurbished tents", "carbon neutral shipping", "ski rental", "bike repair",
)
PAGES = [f"/{topic}/{page}/" for topic in ("orders-and-tracking", "returns-and-refunds", "shipping-and-delivery",
                                           "payments-and-discounts", "product-care-and-sizing",
                                           "warranty-and-repairs", "account-and-privacy")
         for page in ("overview", "questions", "how-to", "policy", "faq", "contact", "times", "costs")]


def zipf_weights(n: int, exponent: float = 1.05) -> list[float]:
    return [1 / (rank ** exponent) for rank in range(1, n + 1)]


def typo(rng: random.Random, text: str) -> str:
    """One edit after the first letter: a swap, a dropped, a doubled or a changed letter."""
    if len(text) < 5:
        return text + rng.choice(string.ascii_lowercase)
    i = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    if kind == 1:
        return text[:i] + text[i + 1:]
    if kind == 2:
        return text[:i] + text[i] + text[i:]
    return text[:i] + rng.choice(string.ascii_lowercase) + text[i + 1:]


def made_up_word(rng: random.Random) -> str:
    syllables = ["ka", "lo", "tr", "ex", "vi", "sa", "mo", "ne", "ra", "qu", "zo", "pe", "li", "do", "gr", "an"]
    return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))


def gap_pool(rng: random.Random, distinct: int) -> list[str]:
    """``distinct`` different zero-result phrasings, most popular first (an order the Zipf draw follows)."""
    seen: set[str] = set()
    pool: list[str] = []

    def add(form: str) -> None:
        form = " ".join(form.split())
        if form and form not in seen:
            seen.add(form)
            pool.append(form)

    for phrase in GAP_PHRASES:
        add(phrase)
    popular = max(distinct // 20, len(GAP_PHRASES))  # the head: product names and phrasings shoppers share
    while len(pool) < min(popular, distinct):
        add(f"{made_up_word(rng)} {rng.choice(STORE_WORDS)}")
    head = list(pool)
    while len(pool) < distinct:
        if rng.random() < 0.15:  # a typo of a popular gap: the grouping merges it
            add(typo(rng, rng.choice(head[:500])))
        else:  # the long tail: rare phrasings, each seen once or twice
            words = rng.sample(STORE_WORDS, rng.randint(1, 3)) + [made_up_word(rng)]
            rng.shuffle(words)
            add(" ".join(words))
    return pool[:distinct]


def stamp(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def events(total: int, distinct: int, seed: int = 1,
           end: dt.datetime = dt.datetime(2026, 11, 30, tzinfo=dt.timezone.utc)) -> Iterator[dict]:
    """About ``total`` events in visits over the 8 weeks before ``end``, with ``distinct`` zero-result forms."""
    rng = random.Random(seed)
    pool = gap_pool(rng, distinct)
    rng.shuffle(first_uses := list(range(distinct)))  # every form once, at a random point of the stream
    gap_cum = list(_cumulative(zipf_weights(distinct)))
    found_cum = list(_cumulative(zipf_weights(len(FOUND_PHRASES))))
    unknown_words = ["klarna", "afterpay", "clearpay", "sezzle"]
    unknown_words += [made_up_word(rng) for _ in range(max(distinct // 5, 10))]
    unknown_cum = list(_cumulative(zipf_weights(len(unknown_words))))
    langs, lang_weights = zip(*LANGS, strict=True)
    zero_share = max(0.3, 1.2 * distinct / (0.6 * total))  # enough zero-result searches to use every form
    start = end - dt.timedelta(weeks=8)
    span = (end - start).total_seconds()
    emitted = 0
    next_first = 0
    while emitted < total:
        lang = rng.choices(langs, lang_weights)[0]
        visit = None if rng.random() < 0.1 else f"{rng.getrandbits(128):032x}"
        widget = rng.random() < 0.2
        # busier in the daytime (UTC 8-21) than at night
        moment = start + dt.timedelta(seconds=rng.random() * span)
        if rng.random() < 0.6:
            moment = moment.replace(hour=rng.randint(8, 21))
        extra = {"visit": visit} if visit else {}
        if widget:
            extra["source"] = "widget"
        page = rng.choice(PAGES)
        last_query = None
        missed = False
        batch: list[dict] = []
        for _ in range(rng.choices([1, 2, 3, 4, 5], [45, 25, 15, 10, 5])[0]):
            moment += dt.timedelta(seconds=rng.uniform(3, 50))
            if rng.random() < zero_share:
                if next_first < distinct:
                    query = pool[first_uses[next_first]]
                    next_first += 1
                else:
                    query = pool[_draw(rng, gap_cum)]
                batch.append({"type": "search", "query": query, "results": 0, "unmatched": query.split()[:2],
                              "lang": lang, "page": page, "ts": stamp(moment), **extra})
                missed = True
            else:
                query = FOUND_PHRASES[_draw(rng, found_cum)]
                unmatched = []
                if rng.random() < 0.1:
                    word = unknown_words[_draw(rng, unknown_cum)]
                    query, unmatched = f"{query} {word}", [word]
                results = rng.randint(1, 12)
                batch.append({"type": "search", "query": query, "results": results, "unmatched": unmatched,
                              "lang": lang, "page": page, "ts": stamp(moment), **extra})
                if rng.random() < 0.55:
                    moment += dt.timedelta(seconds=rng.uniform(1, 8))
                    position = rng.choices([1, 2, 3, 4, 5], [50, 20, 12, 10, 8])[0]
                    batch.append({"type": "click", "query": query, "url": rng.choice(PAGES), "position": position,
                                  "lang": lang, "page": "/search/", "ts": stamp(moment), **extra})
            last_query = query
        if rng.random() < 0.12:
            moment += dt.timedelta(seconds=rng.uniform(10, 120))
            vote = {"type": "feedback", "page": rng.choice(PAGES), "anchor": "", "helpful": rng.random() < 0.65,
                    "lang": lang, "ts": stamp(moment), **extra}
            if not vote["helpful"]:
                vote["reason"] = rng.choice(REASONS)
                if rng.random() < 0.3:
                    vote["comment"] = "It does not say what happens after " + rng.choice(STORE_WORDS) + "."
            batch.append(vote)
        if rng.random() < (0.2 if missed else 0.05):
            moment += dt.timedelta(seconds=rng.uniform(5, 60))
            contact = {"type": "contact", "channel": rng.choice(CHANNELS), "page": page, "lang": lang,
                       "ts": stamp(moment), **extra}
            if last_query:
                contact["query"] = last_query
            batch.append(contact)
        yield from batch
        emitted += len(batch)
    while next_first < distinct:  # forms the stream's end left unused: a search each, so none is missing
        moment = start + dt.timedelta(seconds=rng.random() * span)
        yield {"type": "search", "query": pool[first_uses[next_first]], "results": 0, "unmatched": [],
               "lang": "en", "page": "/", "ts": stamp(moment)}
        next_first += 1


def _cumulative(weights: list[float]) -> Iterator[float]:
    running = 0.0
    for weight in weights:
        running += weight
        yield running


def _draw(rng: random.Random, cumulative: list[float]) -> int:
    import bisect

    return min(bisect.bisect(cumulative, rng.random() * cumulative[-1]), len(cumulative) - 1)
