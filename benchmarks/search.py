"""Benchmark kbgen's search against Material for MkDocs' built-in search and Pagefind.

Run by hand, not in CI (see benchmarks/README.md)::

    .venv/bin/python benchmarks/search.py --sizes 300,3000,10000 --queries 100 --out benchmarks/RESULTS.md

For each size N it generates a deterministic store help center of N articles (plus one FAQ file per
category), writes it as a kbgen project and as a plain MkDocs + Material project, builds it three
ways (kbgen; Material with its ``search`` plugin; Material without it, then Pagefind), serves each
site on 127.0.0.1 through a gzip-compressing, byte-counting HTTP server and measures in headless
Chromium: bytes transferred before the first result, time to first result, and per-keystroke query
time while typing. It prints one Markdown table per N and writes them to ``--out``.

Above ``--flat-nav-above`` articles (3000) the plain project gets a one-entry nav so that Material's
and Pagefind's builds stay linear in N. ``--multilingual N`` adds a corpus of N articles, 80 % English
and 4 % each in da, zh, ko, vi and tl (sentences of the demo's own translations recombined), built by
kbgen and by plain MkDocs + Pagefind extended (``<html lang>`` set per language folder), and reports
bytes and time to the first result per language.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import functools
import gzip
import http.server
import json
import math
import mimetypes
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

import yaml
from machine import cpu_and_memory  # benchmarks/machine.py, next to this script

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
ENGINES = ("kbgen", "material", "pagefind")
ENGINE_TITLES = {"kbgen": "kbgen", "material": "Material", "pagefind": "Pagefind"}
KIB = 1024


def log(message: str) -> None:
    """Progress on stderr, so stdout holds only the result tables."""
    print(message, file=sys.stderr, flush=True)


# ======================================================================================
# Word banks. Each list is in rank order (most frequent first): the Zipf sampler below
# draws early entries far more often than late ones.
# ======================================================================================

SHOPPER_NOUNS = [
    "order", "parcel", "delivery", "refund", "return", "item", "account", "email", "address", "payment",
    "tracking number", "package", "size", "store", "card", "code", "label", "exchange", "warranty", "receipt",
    "confirmation email", "checkout", "basket", "discount", "price", "courier", "warehouse", "invoice",
    "customer service", "support team", "business days", "product", "stock", "shipment", "fee", "repair",
    "gift card", "voucher", "postcode", "phone number", "order number", "password", "newsletter", "pickup point",
    "drop-off point", "box", "packaging", "instructions", "photo", "form", "reason", "colour", "model", "fit",
    "balance", "points", "member", "bank statement", "customs", "duties", "taxes", "pre-order", "backorder",
    "restock", "price match", "promotion", "sale", "clearance", "bundle", "replacement", "credit note",
    "store credit", "claim", "defect", "signature", "doorstep", "neighbour", "safe place", "locker",
    "carrier", "depot", "route", "van", "driver", "handling time", "cut-off time", "weekend", "holiday",
    "peak season", "queue", "chat", "callback", "ticket", "case number", "feedback", "review", "rating",
]

SHOPPER_VERBS = [
    "check", "track", "return", "send", "contact", "change", "update", "cancel", "order", "choose",
    "receive", "print", "pack", "ship", "refund", "exchange", "sign in", "enter", "select", "open",
    "keep", "wash", "measure", "repair", "replace", "apply", "redeem", "confirm", "reset", "dispatch",
    "collect", "drop off", "attach", "upload", "compare", "review", "request", "report", "claim", "store",
    "dry", "reproof", "clean", "register", "split", "combine", "reroute", "hold", "extend", "transfer",
]

ADJECTIVES = [
    "new", "free", "standard", "express", "unused", "original", "damaged", "late", "missing", "wrong",
    "faulty", "international", "waterproof", "lightweight", "warm", "breathable", "durable", "recycled",
    "full", "partial", "digital", "physical", "local", "online", "final", "estimated", "delayed", "early",
    "signed-for", "tracked", "prepaid", "reusable", "compact", "insulated", "packable", "windproof",
    "seasonal", "limited", "discontinued", "refurbished", "second-hand", "oversized", "fragile", "heavy",
]

PRODUCT_TYPES = [
    "backpack", "tent", "rain jacket", "hiking boots", "sleeping bag", "down jacket", "trail shoes", "fleece",
    "base layer", "socks", "trekking poles", "headlamp", "stove", "sleeping pad", "daypack", "duffel bag",
    "water filter", "gloves", "beanie", "softshell", "trousers", "shorts", "hammock", "tarp", "gaiters",
    "climbing harness", "helmet", "chalk bag", "carabiner", "rope", "dry bag", "kayak paddle", "bike light",
    "cycling jersey", "running vest", "ski goggles", "snowshoes", "insulated bottle", "camp chair", "bivy",
    "cookset", "mug", "sunglasses", "sun hoody", "wetsuit", "approach shoes", "belay device", "crampons",
    "ice axe", "avalanche beacon", "ski skins", "bike bag", "saddle", "pannier", "cycling shorts",
]

PRODUCT_LINES = ["camping", "climbing", "cycling", "running", "snow", "water", "hiking"]

MATERIALS = [
    "recycled polyester", "ripstop nylon", "merino wool", "goose down", "synthetic insulation", "organic cotton",
    "fleece", "full-grain leather", "aluminium", "canvas", "stainless steel", "titanium", "suede", "silnylon",
    "waxed cotton", "EVA foam", "natural rubber", "polycarbonate", "Dyneema", "Cordura", "hemp", "elastane",
    "bamboo viscose", "PU coating", "DWR finish", "Tencel", "cork", "carbon fibre", "neoprene", "alpaca wool",
]

COLOURS = [
    "black", "navy", "olive", "sand", "charcoal", "forest green", "rust", "slate", "ochre", "sky blue",
    "berry", "moss", "clay", "glacier white", "ember red", "pine", "dusk purple", "storm grey", "sunflower",
    "teal", "copper", "heather", "lichen", "midnight",
]

CARRIERS = [
    "UPS", "USPS", "DHL Express", "FedEx", "Royal Mail", "DPD", "GLS", "PostNord", "Canada Post", "Evri",
    "Australia Post", "Colissimo", "Bring", "InPost", "Parcelforce",
]

PLACES = [
    "Denver", "Portland", "Leeds", "Rotterdam", "Copenhagen", "Toronto", "Melbourne", "Reno", "Lyon", "Malmo",
    "Aarhus", "Calgary", "Bristol", "Hamburg", "Boise", "Salt Lake City", "Glasgow", "Utrecht", "Gothenburg",
    "Spokane", "Dunedin", "Innsbruck", "Bergen", "Tromso", "Flagstaff", "Bozeman", "Chamonix", "Queenstown",
]

COUNTRIES = [
    "the United States", "Canada", "the United Kingdom", "Germany", "France", "the Netherlands", "Denmark",
    "Sweden", "Ireland", "Spain", "Italy", "Belgium", "Austria", "Finland", "Norway", "Australia", "New Zealand",
    "Poland", "Portugal", "Switzerland", "Japan", "Iceland",
]

PAYMENT_METHODS = [
    "Visa", "Mastercard", "PayPal", "Apple Pay", "Google Pay", "Klarna", "American Express", "Afterpay",
    "a gift card", "store credit", "bank transfer", "Shop Pay", "iDEAL", "MobilePay", "Discover",
]

# Rarer words: the long tail of gear and shop vocabulary.
TAIL_WORDS = [
    "abrasion", "aglet", "baffle", "bartack", "buckle", "cinch", "delamination", "drawcord", "eyelet", "ferrule",
    "footbox", "grommet", "gusset", "hipbelt", "hydrostatic head", "inseam", "lanyard", "lug", "midsole", "outsole",
    "pilling", "quilting", "rivet", "seam tape", "shank", "sternum strap", "toggle", "vestibule", "webbing", "welt",
    "yoke", "zipper pull", "loft", "fill power", "denier", "guy line", "tent peg", "pole sleeve", "footprint",
    "groundsheet", "rainfly", "mesh panel", "hood adjuster", "cuff", "hem", "pit zip", "storm flap", "chin guard",
    "heel counter", "toe cap", "insole", "footbed", "last", "rocker", "stack height", "drop", "torso length",
    "load lifter", "frame sheet", "compression strap", "ice axe loop", "hydration sleeve", "lid pocket",
    "hip pocket", "daisy chain", "haul loop", "gear loop", "belay loop", "leg loop", "buckle tongue",
    "burn time", "lumens", "beam distance", "battery pack", "USB-C port", "charging cable", "fuel canister",
    "simmer control", "piezo igniter", "windscreen", "pot support", "filter cartridge", "backflush", "flow rate",
    "R-value", "valve", "baffle chamber", "stuff sack", "compression sack", "storage sack", "odour", "mildew",
    "salt stains", "sap", "tar", "wax", "reproofing spray", "tech wash", "down wash", "tumble dryer",
    "tennis balls", "low heat", "line dry", "handwash", "spot clean", "lukewarm water", "detergent",
    "fabric softener", "bleach", "ironing", "dry cleaning", "sunlight", "UV damage", "heat damage",
    "wear and tear", "misuse", "accident", "manufacturing fault", "proof of purchase", "serial number",
    "batch code", "hang tag", "care label", "swing tag", "size label", "box lid", "shoe box", "tissue paper",
    "poly bag", "mailer", "return slip", "QR code", "barcode", "drop-off receipt", "collection slot",
    "redelivery", "collection card", "missed delivery", "customs declaration", "commercial invoice",
    "HS code", "import VAT", "brokerage fee", "duty drawback", "DDP", "DAP", "excise", "de minimis",
    "address line", "apartment number", "buzzer code", "gate code", "delivery note", "proof of delivery",
    "GPS scan", "parcel photo", "doorstep photo", "geofence", "sortation centre", "hub", "linehaul",
    "last mile", "out for delivery", "in transit", "label created", "exception", "returned to sender",
    "held at depot", "incorrect address", "weather delay", "strike", "capacity limit", "surcharge",
    "remote area", "island delivery", "overnight", "same-day", "next-day", "two-day", "economy", "freight",
    "pallet", "oversize item", "lithium battery", "hazardous goods", "gas canister", "bear spray", "knife",
    "age check", "ID check", "two-factor authentication", "one-time code", "magic link", "session", "cookie",
    "browser cache", "app update", "notification", "SMS", "unsubscribe", "data request", "data export",
    "account deletion", "GDPR", "CCPA", "privacy settings", "marketing consent", "profiling", "retention period",
    "chargeback", "authorisation hold", "pending charge", "pre-authorisation", "3D Secure", "CVV", "billing address",
    "instalments", "interest-free", "credit check", "late fee", "currency conversion", "exchange rate",
    "sales tax", "VAT number", "tax-exempt", "purchase order", "bulk order", "team order", "corporate account",
    "student discount", "military discount", "first-responder discount", "referral code", "loyalty tier",
    "birthday reward", "points balance", "points expiry", "member price", "early access", "trade-in",
    "resale", "buy-back", "worn wear", "repair voucher", "repair cafe", "spare parts", "replacement buckle",
    "replacement pole", "pole repair sleeve", "patch kit", "Tenacious Tape", "seam grip", "zipper slider",
    "YKK", "resoling", "rand", "crack", "tear", "hole", "burn", "fraying", "peeling", "bubbling",
    "leak", "condensation", "wetting out", "breathability", "membrane", "laminate", "face fabric", "lining",
    "stretch panel", "articulated knee", "gusseted crotch", "drop seat", "fly zip", "belt loop", "waistband",
    "chest measurement", "waist measurement", "hip measurement", "arm length", "foot length", "foot width",
    "wide fit", "narrow fit", "half size", "size up", "size down", "EU size", "UK size", "US size",
    "size chart", "fit guide", "true to size", "relaxed fit", "slim fit", "regular fit", "athletic fit",
    "unisex sizing", "kids sizing", "petite", "tall", "plus size", "layering", "thermal rating",
    "comfort rating", "limit rating", "temperature rating", "EN 13537", "ISO 23537", "season rating",
    "pack size", "packed weight", "trail weight", "minimum weight", "capacity", "litres", "volume",
]

# Syllables for generated names: product families, the longest tail of the vocabulary.
NAME_HEADS = [
    "Ridge", "Aspen", "Cedar", "Granite", "North", "Summit", "Fjord", "Lark", "Alder", "Tundra", "Basalt", "Cirrus",
    "Dune", "Ember", "Fern", "Glacier", "Heath", "Iron", "Juniper", "Kestrel", "Lumen", "Moraine", "Nimbus", "Onyx",
    "Pine", "Quarry", "Raven", "Sierra", "Talus", "Umber", "Vista", "Willow", "Yarrow", "Zephyr", "Bracken", "Cairn",
    "Drift", "Esker", "Flint", "Gorse", "Harrow", "Isle", "Kelp", "Loch", "Marram", "Nook", "Orca", "Puffin",
]
NAME_TAILS = [
    "line", "crest", "peak", "fell", "wood", "ward", "trail", "field", "stone", "vale", "run", "hollow", "ridge",
    "point", "light", "pass", "gate", "haven", "shore", "brook", "moor", "tor", "wick", "beck", "dale", "ford",
]
# Feature names ("ThermoLoft"): brand vocabulary that shows up across many products.
TECH_HEADS = ["Aero", "Thermo", "Hydro", "Terra", "Vento", "Flex", "Cloud", "Storm", "Trail", "Grip", "Dura", "Eco",
              "Ultra", "Core", "Polar", "Rock", "Swift", "Stride", "Pack", "Summit"]
TECH_TAILS = ["Grip", "Loft", "Shell", "Tex", "Weave", "Flow", "Fit", "Guard", "Dry", "Shield", "Frame", "Lock",
              "Step", "Wrap", "Knit", "Mesh", "Foam", "Plate", "Cell", "Seal"]
MODELS = [
    "", "", "", "Lite", "Pro", "UL", "2", "3", "40L", "25", "Hybrid", "GTX", "Trek", "Alpine", "Mid", "Low",
    "Hoody", "Vest", "2P", "1P", "Plus", "Tech", "Flow", "Max",
]

STOPWORD_TEXT = (
    "a an and are as at be by can do does for from has have how i if in into is it its my no not of on or our "
    "so than that the their them then there these they this to was we what when where which while who why will "
    "with you your yours after before about also any all more most same some such up out off only just over "
    "each other within without been being get got may must should would could"
)
STOPWORDS = frozenset(STOPWORD_TEXT.split())


class ZipfBank:
    """Draws words from a ranked list with probability proportional to ``1 / (rank + offset) ** s``."""

    def __init__(self, words: Sequence[str], s: float = 1.05, offset: float = 1.5):
        self.words = list(words)
        weights = [1.0 / (rank + offset) ** s for rank in range(len(self.words))]
        self.cumulative = []
        total = 0.0
        for weight in weights:
            total += weight
            self.cumulative.append(total)
        self.total = total

    def pick(self, rng: Random) -> str:
        """One word, Zipf-distributed by rank."""
        return self.words[bisect.bisect_left(self.cumulative, rng.random() * self.total)]


# ======================================================================================
# Topics (one per category kind): their vocabulary, titles, headings, sentences, FAQs.
# ======================================================================================


@dataclass(frozen=True)
class Topic:
    """A kind of category: what its articles are about and the phrases they use."""

    slug: str
    title: str
    description: str
    nouns: tuple[str, ...]
    verbs: tuple[str, ...]
    titles: tuple[str, ...]
    headings: tuple[str, ...]
    sentences: tuple[str, ...]
    questions: tuple[str, ...]
    keywords: tuple[str, ...]


TOPICS = [
    Topic(
        "orders-and-tracking", "Orders and tracking",
        "Track a parcel, change or cancel an order, and find your order history.",
        ("tracking number", "order status", "order history", "dispatch", "confirmation email", "tracking page",
         "split shipment", "order number", "courier update", "delivery estimate"),
        ("track", "change", "cancel", "find", "split", "combine"),
        ("Track your {ptype} order", "Where is my {product} {ptype}?", "Change or cancel a {ptype} order",
         "Why was my {product} order split?", "Order status: {adj} {ptype} orders", "{product} {ptype}: order updates"),
        ("Find your {tnoun}", "When your order ships", "If the {tnoun} has not changed", "Orders from {place}",
         "Change an order before dispatch", "What each {tnoun} means"),
        ("Your {tnoun} appears in the {noun} we send when the {ptype} leaves our {place} warehouse.",
         "Most {product} orders are dispatched within {n} business days and tracked by {carrier}.",
         "If the {tnoun} shows no movement for {n} days, contact us with your {noun} and we will open a {noun2}.",
         "You can {tverb} an order until it is packed; after that the {carrier} driver already has it.",
         "Orders with a pre-order {ptype} are held until the {product} is back in stock,"
         " unless you ask us to {tverb} them."),
        ("How do I {tverb} my {product} order?", "Why has my {tnoun} not updated for {ptype} orders?",
         "Can I {tverb} an order with a {adj} {ptype}?"),
        ("where is my order", "WISMO", "tracking", "order status", "cancel order"),
    ),
    Topic(
        "shipping-and-delivery", "Shipping and delivery",
        "Delivery times, costs, carriers, addresses and customs for every country we ship to.",
        ("delivery time", "shipping cost", "express delivery", "standard delivery", "customs", "PO box",
         "delivery address", "signature", "safe place", "free shipping"),
        ("ship", "deliver", "reroute", "hold", "collect", "sign for"),
        ("Delivery times to {country}", "Shipping a {ptype} to {country}", "Express delivery for {product} orders",
         "Free shipping on {ptype} orders", "Customs and duties for {country}", "Delivered but not received"),
        ("Delivery times by method", "Shipping costs", "Customs in {country}", "When the {carrier} driver calls",
         "Change the {tnoun}", "Large items like the {ptype}"),
        ("Standard delivery to {country} takes {n} to {n2} business days; express takes {n} business days.",
         "Orders over {money} ship free with {carrier}, except bulky items such as the {product} {ptype}.",
         "We cannot {tverb} a {ptype} to a PO box because {carrier} needs a {tnoun} with a street name.",
         "Parcels to {country} may be charged {tail} on arrival, which the {carrier} courier collects before delivery.",
         "If a parcel is marked delivered but you cannot find it, check your {tnoun} and ask your neighbours."),
        ("How long does delivery to {country} take?", "Can you {tverb} a {ptype} to a PO box in {country}?",
         "Do I pay customs on a {product} {ptype}?"),
        ("shipping time", "delivery cost", "customs", "express", "international shipping"),
    ),
    Topic(
        "returns-and-refunds", "Returns and refunds",
        "Our return policy, how to send something back, exchanges, and when your money arrives.",
        ("return label", "refund", "return window", "exchange", "drop-off point", "return reason", "restocking fee",
         "refund method", "return portal", "original packaging"),
        ("return", "exchange", "refund", "send back", "drop off", "print"),
        ("Return a {ptype}", "Exchange a {product} {ptype} for another size", "When will I get my refund?",
         "Return a {adj} {ptype}", "Refunds for {pay} payments", "{days}-day returns on {product} gear"),
        ("Start a return", "Print the {tnoun}", "Exchanges", "When the refund arrives", "Items we cannot take back",
         "Returns from {country}"),
        ("You can {tverb} an unused {ptype} within {days} days of delivery for a full {tnoun}.",
         "Refunds go back to the original {pay} account within {n} business days"
         " after our {place} team checks the item.",
         "Print the {tnoun} from the return portal, pack the {product} in its original packaging"
         " and drop it at any {carrier} point.",
         "Worn {ptype} can't be returned, but a {tail} covered by the warranty can be repaired instead.",
         "An exchange for another size or colour ships as soon as the {tnoun} is scanned by {carrier}."),
        ("How do I {tverb} a {ptype} I bought with {pay}?", "Can I {tverb} a {product} after {days} days?",
         "Is there a {tnoun} for {ptype} returns?"),
        ("money back", "return policy", "refund status", "exchange", "send back"),
    ),
    Topic(
        "payments-and-discounts", "Payments and discounts",
        "Ways to pay, discount codes, instalments, gift cards and declined payments.",
        ("discount code", "payment method", "declined payment", "instalments", "gift card", "student discount",
         "invoice", "billing address", "promo code", "price adjustment"),
        ("pay", "apply", "redeem", "split", "combine", "retry"),
        ("Pay with {pay}", "Discount code not working on a {ptype}", "Pay in instalments for the {product}",
         "Declined {pay} payments", "Price match on a {adj} {ptype}", "Student discount on {ptype} gear"),
        ("Ways to pay", "Apply a {tnoun}", "If your payment is declined", "Instalments with {pay}",
         "Price changes after you order", "Invoices and VAT"),
        ("We accept {pay}, {pay2} and {pay3} for orders shipped to {country}.",
         "A {tnoun} can't be combined with sale prices on the {product} {ptype} or with another code.",
         "If {pay} declines the payment, check the {tail} and your {noun} before you {tverb} again.",
         "Paying with {pay} splits the {money} total into {n} interest-free instalments.",
         "If the price of a {ptype} drops within {days} days, we refund the difference as {noun}."),
        ("Why was my {pay} payment declined?", "Can I {tverb} two discount codes on a {ptype}?",
         "Do you take {pay} for {product} orders?"),
        ("promo code", "voucher", "payment failed", "klarna", "paypal"),
    ),
    Topic(
        "account-and-privacy", "Account and privacy",
        "Sign in, reset your password, manage emails, and control the personal data we hold.",
        ("password", "sign-in link", "email preferences", "personal data", "account settings", "saved address",
         "order history", "newsletter", "privacy request", "two-factor code"),
        ("sign in", "reset", "update", "delete", "unsubscribe", "download"),
        ("Reset your password", "Update your {tnoun}", "Delete your account", "Sign in without a password",
         "Your data and privacy", "Manage emails about {ptype} drops"),
        ("Sign in", "Change your {tnoun}", "Emails we send", "Download your data", "Delete your account",
         "Security tips"),
        ("Use the {tnoun} we email you to {tverb}; it expires after {n} minutes.",
         "Your {tnoun} lists every order, including the {product} {ptype} you bought in {place}.",
         "To {tverb} your account, we first cancel open orders and keep invoices for {n} years as the law requires.",
         "Marketing emails about new {ptype} ranges only go out if you ticked the box at checkout.",
         "We never sell your {tnoun}; see how long we keep it under {tail}."),
        ("How do I {tverb} my account?", "Why didn't my {tnoun} arrive?", "Can I {tverb} emails about {ptype} sales?"),
        ("login", "forgot password", "gdpr", "unsubscribe", "delete account"),
    ),
    Topic(
        "sizing-and-fit", "Sizing and fit",
        "Size charts and fit advice for boots, clothing, harnesses and packs.",
        ("size chart", "fit", "measurement", "half size", "torso length", "inseam", "chest", "foot length",
         "wide fit", "true to size"),
        ("measure", "compare", "size up", "size down", "try on", "adjust"),
        ("Find your {ptype} size", "How the {product} {ptype} fits", "Size chart for {ptype}s",
         "Between two sizes in the {product}?", "Measure your {tnoun}", "{adj} {ptype} fit guide"),
        ("How to measure", "Size chart", "If you're between sizes", "How the {product} fits", "Kids' sizes",
         "Fit notes from our {place} store"),
        ("The {product} {ptype} runs {fit}, so most people choose their usual {tnoun}.",
         "Measure your {tnoun} in the evening, when feet and hands are at their largest,"
         " and compare with the {size} column.",
         "If you are between sizes, {tverb} for layering and choose the {size} over the {size2}.",
         "Our {place} fitters say the {ptype} in {material} stretches about {n} per cent with wear.",
         "Use the {tail} on the chart; the {ptype} is cut for a {fit} fit."),
        ("Does the {product} {ptype} run small?", "What {tnoun} should I order in a {ptype}?",
         "How do I {tverb} for a {ptype}?"),
        ("size guide", "which size", "fit", "measurements", "size chart"),
    ),
    Topic(
        "product-care", "Product care",
        "Wash, dry, reproof and store your gear so it lasts for years.",
        ("washing", "drying", "reproofing", "storage", "care label", "waterproofing", "down wash", "stain",
         "odour", "mildew"),
        ("wash", "dry", "reproof", "store", "clean", "air"),
        ("Wash a {material} {ptype}", "Reproof your {product} {ptype}", "Store a {ptype} between trips",
         "Remove {tail} from a {ptype}", "Care for {material}", "Dry a {adj} {ptype}"),
        ("Before you wash", "Washing", "Drying", "Reproofing", "Storage", "What to avoid"),
        ("{tverb} the {product} {ptype} at {temp} degrees with a {tail}, never with fabric softener.",
         "Tumble dry {material} on low heat with two tennis balls to restore the loft.",
         "Store the {ptype} loose in a dry cupboard; keeping it compressed for {n} months ruins the {tail}.",
         "When water stops beading on the {material}, {tverb} it with a spray-on treatment.",
         "Check the {tnoun} first: some {colour} {ptype}s bleed colour the first time they are washed."),
        ("Can I machine {tverb} a {ptype}?", "How often should I {tverb} my {product}?",
         "How do I get {tail} out of {material}?"),
        ("washing instructions", "how to clean", "waterproofing", "care", "storage"),
    ),
    Topic(
        "warranty-and-repairs", "Warranty and repairs",
        "What our warranty covers, how to make a claim, and repairs for worn gear.",
        ("warranty", "repair", "claim", "defect", "spare part", "proof of purchase", "wear and tear", "repair voucher",
         "replacement", "inspection"),
        ("claim", "repair", "replace", "inspect", "send in", "patch"),
        ("Make a warranty claim for a {ptype}", "Repair a {tail} on the {product}", "What the warranty covers",
         "Spare parts for {product} {ptype}s", "Repairs at our {place} workshop", "Warranty on {adj} {ptype}s"),
        ("What is covered", "Make a claim", "Repairs we do", "Spare parts", "How long repairs take",
         "If your claim is declined"),
        ("The {tnoun} covers manufacturing faults in the {product} {ptype} for {years} years from purchase.",
         "Send a photo of the {tail} and your {tnoun}; our {place} team replies within {n} business days.",
         "Wear and tear, such as a worn {tail}, is not a defect, but we can {tverb} it for a small fee.",
         "Spare {tail}s for the {ptype} are free while stock lasts.",
         "If we can't {tverb} a {ptype}, you get a replacement or {noun} for its current price."),
        ("Is a broken {tail} covered by the warranty?", "How long does it take to {tverb} a {ptype}?",
         "Can I {tverb} a {product} bought in {place}?"),
        ("guarantee", "broken", "faulty", "repair", "lifetime warranty"),
    ),
    Topic(
        "store-pickup", "Store pickup",
        "Click and collect, pickup points, lockers and our stores' opening hours.",
        ("click and collect", "pickup code", "locker", "store hours", "pickup point", "collection window",
         "ID", "reservation", "store stock", "curbside"),
        ("collect", "reserve", "pick up", "extend", "check", "send"),
        ("Click and collect at {place}", "Pick up a {ptype} from a locker", "Store stock for the {product}",
         "Reserve a {ptype} in store", "Collection window for {adj} orders", "Curbside pickup in {place}"),
        ("How pickup works", "What to bring", "Collection window", "Lockers", "Stores and hours",
         "If you can't come"),
        ("Orders for click and collect are ready at our {place} store within {n} hours.",
         "Bring your {tnoun} and photo ID; someone else can {tverb} the {ptype} with your forwarded email.",
         "We hold the {product} for {n} days; after that it goes back to stock and we refund you.",
         "Locker parcels larger than a {ptype} go to the nearest {carrier} pickup point instead.",
         "Store stock updates every {n} minutes, so a {colour} {ptype} shown in stock may already be sold."),
        ("How long do you hold a {ptype} for pickup?", "Can someone else {tverb} my {product}?",
         "Which stores have {ptype}s in stock?"),
        ("click and collect", "pickup", "store", "opening hours", "locker"),
    ),
    Topic(
        "rewards-and-membership", "Rewards and membership",
        "Points, member prices, tiers, birthday rewards and the trade-in programme.",
        ("points", "member price", "tier", "reward voucher", "birthday reward", "trade-in", "early access",
         "points balance", "membership", "referral"),
        ("earn", "redeem", "join", "trade in", "refer", "upgrade"),
        ("Earn points on {ptype}s", "Redeem a reward voucher", "Member prices on the {product}",
         "Trade in your old {ptype}", "Membership tiers", "Points for {adj} orders"),
        ("How you earn points", "Redeem rewards", "Tiers", "Trade-in", "Points expiry", "Refer a friend"),
        ("You {tverb} {n} points for every {money} you spend, including on the {product} {ptype}.",
         "Reward vouchers from your {tnoun} can be used online and at our {place} store.",
         "Trade in a used {ptype} in {material} and we give you {noun} worth up to {money}.",
         "Points expire after {n} months without an order; a return removes the points it earned.",
         "Members get early access to {colour} {ptype} drops and free {tail}."),
        ("When do my {tnoun}s expire?", "Can I {tverb} points on a {ptype} bought in store?",
         "How much is my old {ptype} worth as a trade-in?"),
        ("loyalty", "rewards", "points", "membership", "trade in"),
    ),
    Topic(
        "gift-cards", "Gift cards",
        "Buy, send and redeem gift cards and e-gift cards, and check a balance.",
        ("gift card", "e-gift card", "balance", "PIN", "expiry date", "gift message", "gift receipt",
         "redemption", "physical card", "delivery date"),
        ("buy", "send", "redeem", "check", "schedule", "top up"),
        ("Buy a gift card for a {ptype} lover", "Check your gift card balance", "Redeem an e-gift card",
         "Gift receipts for {product} gifts", "Lost gift card", "Gift cards and {adj} orders"),
        ("Buy a gift card", "Send an e-gift card", "Redeem", "Check the balance", "Gift receipts",
         "Lost or stolen cards"),
        ("E-gift cards arrive by email on the {tnoun} you choose, with your message and a {n}-digit PIN.",
         "A gift card is valid for {years} years and can pay for part of an order together with {pay}.",
         "Gift receipts hide the price, so the {product} {ptype} can be exchanged without you knowing.",
         "If you lose a {tnoun}, we can block the rest of the balance when you have the {tail}.",
         "Gift cards can't be used to {tverb} other gift cards or be exchanged for cash in {country}."),
        ("Can I {tverb} a gift card in {country}?", "Does a {tnoun} expire?",
         "Can I pay for a {ptype} with two gift cards?"),
        ("gift voucher", "balance", "e-gift", "present", "gift receipt"),
    ),
    Topic(
        "materials-and-sustainability", "Materials and sustainability",
        "What our gear is made of, where it's made, and how we make it last longer.",
        ("recycled material", "PFC-free", "supply chain", "factory", "certification", "carbon footprint",
         "resale", "packaging", "down sourcing", "fabric"),
        ("make", "source", "recycle", "certify", "reduce", "reuse"),
        ("What the {product} {ptype} is made of", "Our {material} sourcing", "PFC-free waterproofing",
         "Where {ptype}s are made", "Recycled packaging", "{adj} materials explained"),
        ("Materials", "Where it's made", "Certifications", "Packaging", "End of life", "What we're changing"),
        ("The {product} {ptype} uses {material} made from {n} per cent recycled fibres.",
         "Our {material} comes from certified farms; we audit the {place} mills every {n} months.",
         "Since {year} every waterproof {ptype} has a PFC-free {tail}.",
         "Parcels ship in recycled {tnoun} without plastic, except for {colour} {ptype}s that need a bag.",
         "At the end of its life, send the {ptype} back and we {tverb} the {material} into new gear."),
        ("Is the {product} {ptype} made with {material}?", "Where is my {ptype} made?",
         "How do you {tverb} old {ptype}s?"),
        ("eco", "sustainable", "recycled", "pfc free", "materials"),
    ),
]

GENERIC_SENTENCES = (
    "If you need help with a {noun}, our support team answers within {n} hours on business days.",
    "Have your {noun} ready when you contact us, and a photo if the {ptype} is {adj}.",
    "This applies to every {ptype}, including the {product} in {colour}.",
    "For orders placed in {place}, the same rules apply, but the {noun} comes from our {place} team.",
    "Most shoppers {verb} the {noun} first, then {verb2} the {noun2} if anything is still unclear.",
    "The {product} {ptype} is made of {material} and weighs about {grams} g.",
    "Keep the {noun} and the {tail} until the {noun2} is settled.",
    "We update this page when the {noun} changes; the last change was about {tail}.",
    "You'll see the {noun} in your account under Orders, next to the {ptype}.",
    "Customers who bought the {product} often ask about the {tail} and the {noun}.",
    "A {adj} {noun} usually means the {carrier} scan was missed, not that the {ptype} is lost.",
    "Our team in {place} handles {noun}s for {country}, so replies may come in the afternoon.",
    "Please don't {verb} the {noun} twice: the second request waits behind the first.",
    "The {sku} on the {tail} tells us which batch your {ptype} came from.",
    "Note the {sku} code when you write to us about the {product}; it speeds up the {noun}.",
    "Prices for the {product} {ptype} start at {money}, and the {colour} version sometimes costs more.",
    "The {word} and {word2} of a {ptype} matter more than its {word3}.",
    "Ask us about {word}, {word2} or {word3} if the articles here don't answer it.",
    "The {rare} on the {product} is the part people ask about most, so check it before you {verb}.",
    "The {product} {ptype} uses our {tech} {tail}, which needs no extra care.",
    "Unlike older models, the {tech} version of the {ptype} has a {tech2} {tail}.",
    "Because the {rare} is a separate part, we can {verb} it without sending the whole {ptype} back.",
)

STEP_TEMPLATES = (
    "Open your account and {verb} the {noun}.", "Select the {ptype} and choose {tverb}.",
    "Enter your {noun} and the {sku} code.", "Pick a reason, for example \"{adj} {noun}\".",
    "Print the {noun} or show the QR code at a {carrier} point.", "Pack the {product} with the {tail}.",
    "Wait for the confirmation email about your {tnoun}.", "{verb} the {tnoun} within {n} days.",
)

QUESTION_ANSWERS = (
    "Yes, as long as the {ptype} is {adj} and you have the {noun}. {sentence}",
    "Usually within {n} business days. {sentence}",
    "No, not for a {ptype}: {sentence}",
    "It depends on the {tnoun}. {sentence} {sentence}",
    "{sentence} If that doesn't help, contact us with your {noun}.",
)


# ======================================================================================
# The corpus model and its generator.
# ======================================================================================


@dataclass
class Category:
    """A category folder: its topic, product line and titles."""

    folder: str
    title: str
    description: str
    topic: Topic
    line: str


@dataclass
class Article:
    """One generated article: front matter, Markdown body and the words a shopper might search for."""

    category: Category
    stem: str
    title: str
    description: str
    keywords: list[str]
    body: str
    terms: list[str]

    @property
    def path(self) -> str:
        """Path inside the docs folder."""
        return f"{self.category.folder}/{self.stem}.md"

    @property
    def url(self) -> str:
        """Site-absolute URL of the built page (MkDocs directory URLs)."""
        return f"/{self.category.folder}/{self.stem}/"

    def markdown(self) -> str:
        """The file as written: YAML front matter (JSON strings are YAML scalars) and the body."""
        return (
            "---\n"
            f"title: {json.dumps(self.title)}\n"
            f"description: {json.dumps(self.description)}\n"
            f"keywords: {json.dumps(self.keywords)}\n"
            "---\n\n" + self.body
        )


@dataclass
class Faq:
    """One FAQ file per category: a title and question/answer pairs."""

    category: Category
    stem: str
    title: str
    description: str
    questions: list[tuple[str, str]]


@dataclass
class Corpus:
    """The generated help center, and the queries to run against it."""

    size: int
    seed: int
    categories: list[Category]
    articles: list[Article]
    faqs: list[Faq]
    queries: list[str] = field(default_factory=list)
    # A first search of one word, as the issue's Pagefind figures are (queries[0] has two words).
    one_word: str = ""

    @property
    def words(self) -> int:
        """Words in all article bodies."""
        return sum(len(a.body.split()) for a in self.articles)

    @functools.cached_property
    def page_words(self) -> list[set[str]]:
        """Each article's distinct words (title and body): what the queries are made of and checked against."""
        return [set(tokens(a.title + " " + a.body)) for a in self.articles]


def slugify(text: str) -> str:
    """A lower-case, dash-separated file name."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def pluralise(phrase: str) -> str:
    """``tent`` -> ``tents``, ``hiking boots`` -> ``hiking boots``, ``bivy`` -> ``bivies``."""
    if phrase.endswith(("s", "es")):
        return phrase
    if phrase.endswith("y") and not phrase.endswith(("ay", "ey", "oy")):
        return phrase[:-1] + "ies"
    return phrase + ("es" if phrase.endswith(("sh", "ch", "x")) else "s")


def tokens(text: str) -> list[str]:
    """Lower-case words of three letters or more that are not stop words."""
    return [w for w in re.findall(r"[a-z][a-z0-9'-]*[a-z0-9]", text.lower()) if len(w) >= 3 and w not in STOPWORDS]


class Generator:
    """Builds a deterministic corpus: the same (size, seed) always gives the same files and queries."""

    def __init__(self, size: int, seed: int):
        self.size = size
        self.rng = Random(f"kbgen-bench-{seed}-{size}")
        self.seed = seed
        self.nouns = ZipfBank(SHOPPER_NOUNS)
        self.verbs = ZipfBank(SHOPPER_VERBS)
        self.adjectives = ZipfBank(ADJECTIVES)
        self.types = ZipfBank(PRODUCT_TYPES, s=0.9)
        self.materials = ZipfBank(MATERIALS)
        self.colours = ZipfBank(COLOURS)
        self.carriers = ZipfBank(CARRIERS, s=1.2)
        self.places = ZipfBank(PLACES)
        self.countries = ZipfBank(COUNTRIES)
        self.payments = ZipfBank(PAYMENT_METHODS, s=1.2)
        tail = list(TAIL_WORDS)
        Random(seed).shuffle(tail)
        self.tail = ZipfBank(tail, s=0.8, offset=5)
        # The global ranked vocabulary for free slots: common words first, the long tail last.
        everything = SHOPPER_NOUNS + SHOPPER_VERBS + ADJECTIVES + PRODUCT_TYPES + MATERIALS + tail
        self.vocabulary = ZipfBank(list(dict.fromkeys(everything)), s=1.0)
        techs = [h + t for h in TECH_HEADS for t in TECH_TAILS if h != t]
        Random(f"tech-{seed}").shuffle(techs)
        self.tech = ZipfBank(techs, s=0.9, offset=3)
        self.products = self._products()
        self.product_bank = ZipfBank(self.products, s=0.7, offset=10)
        self.skus: set[str] = set()
        self.questions: set[str] = set()

    def _products(self) -> list[str]:
        """Product family names such as "Ridgecrest Lite": about one per three articles."""
        rng = Random(f"products-{self.seed}")
        names = [h + t for h in NAME_HEADS for t in NAME_TAILS]
        rng.shuffle(names)
        count = max(12, self.size // 3)
        products: list[str] = []
        for i in range(count):
            base = names[i % len(names)]
            model = MODELS[rng.randrange(len(MODELS))] if i >= len(names) or rng.random() < 0.5 else ""
            name = f"{base} {model}".strip()
            if name not in products:
                products.append(name)
        return products

    def categories(self) -> list[Category]:
        """About one category per 60 articles (at least 3): topic x product line."""
        count = max(3, min(len(TOPICS) * len(PRODUCT_LINES), round(self.size / 60)))
        result = []
        for i in range(count):
            topic = TOPICS[i % len(TOPICS)]
            line = PRODUCT_LINES[i // len(TOPICS)]
            if i < len(TOPICS):
                folder, title, description = topic.slug, topic.title, topic.description
            else:
                folder = f"{line}-{topic.slug}"
                title = f"{line.capitalize()}: {topic.title.lower()}"
                description = f"{topic.description} For our {line} range."
            result.append(Category(folder, title, description, topic, line))
        return result

    def context(self, topic: Topic) -> dict[str, Any]:
        """The facts one article is about: its product, place, carrier and distinctive words."""
        rng = self.rng
        sku = ""
        while not sku or sku in self.skus:
            letters = "ABCDEFGHJKLMNPRSTVWXYZ"
            sku = f"{rng.choice(letters)}{rng.choice(letters)}-{rng.randint(1000, 99999)}"
        self.skus.add(sku)
        return {
            "product": self.product_bank.pick(rng),
            "ptype": self.types.pick(rng),
            "material": self.materials.pick(rng),
            "colour": self.colours.pick(rng),
            "carrier": self.carriers.pick(rng),
            "place": self.places.pick(rng),
            "country": self.countries.pick(rng),
            "pay": self.payments.pick(rng),
            "sku": sku,
            "rare": [self.tail.pick(rng) for _ in range(2)],
            "topic": topic,
        }

    def fill(self, template: str, ctx: dict[str, Any]) -> str:
        """Fill a template's ``{slots}`` from the article's context and the Zipf banks."""
        rng = self.rng
        topic: Topic = ctx["topic"]

        def slot(match: re.Match[str]) -> str:
            name = match.group(1)
            # Mostly the article's own facts, sometimes another one.
            own = name == "sku" or rng.random() < 0.8
            if own and name in ("product", "ptype", "material", "carrier", "place", "country", "sku"):
                return ctx[name]
            generators: dict[str, Callable[[], str]] = {
                "product": lambda: self.product_bank.pick(rng),
                "ptype": lambda: self.types.pick(rng),
                "material": lambda: self.materials.pick(rng),
                "carrier": lambda: self.carriers.pick(rng),
                "place": lambda: self.places.pick(rng),
                "country": lambda: self.countries.pick(rng),
                "colour": lambda: ctx["colour"] if rng.random() < 0.7 else self.colours.pick(rng),
                "pay": lambda: ctx["pay"],
                "pay2": lambda: self.payments.pick(rng),
                "pay3": lambda: self.payments.pick(rng),
                "noun": lambda: self.nouns.pick(rng),
                "noun2": lambda: self.nouns.pick(rng),
                "verb": lambda: self.verbs.pick(rng),
                "verb2": lambda: self.verbs.pick(rng),
                "adj": lambda: self.adjectives.pick(rng),
                "tnoun": lambda: rng.choice(topic.nouns),
                "tverb": lambda: rng.choice(topic.verbs),
                "tail": lambda: self.tail.pick(rng),
                "tech": lambda: self.tech.pick(rng),
                "tech2": lambda: self.tech.pick(rng),
                "rare": lambda: rng.choice(ctx["rare"]),
                "word": lambda: self.vocabulary.pick(rng),
                "word2": lambda: self.vocabulary.pick(rng),
                "word3": lambda: self.vocabulary.pick(rng),
                "n": lambda: str(rng.choice([2, 3, 5, 7, 10, 14, 24, 30, 48])),
                "n2": lambda: str(rng.choice([8, 12, 15, 21])),
                "days": lambda: str(rng.choice([14, 30, 60, 90, 100, 365])),
                "years": lambda: str(rng.choice([2, 3, 5, 10])),
                "year": lambda: str(rng.choice([2019, 2020, 2021, 2022, 2023])),
                "temp": lambda: str(rng.choice([30, 40])),
                "grams": lambda: str(rng.randrange(80, 3200, 10)),
                "money": lambda: f"${rng.choice([25, 50, 75, 99, 120, 150, 200])}",
                "size": lambda: rng.choice(["XS", "S", "M", "L", "XL", "EU 42", "US 9", "UK 8"]),
                "size2": lambda: rng.choice(["M", "L", "EU 43", "US 10"]),
                "fit": lambda: rng.choice(["small", "large", "true to size", "slim", "relaxed", "long"]),
                "sentence": lambda: self.sentence(ctx),
            }
            return generators[name]()

        def plural_slot(match: re.Match[str]) -> str:
            value = slot(match)
            return pluralise(value) if match.group(2) else value

        return re.sub(r"\{(\w+)\}(s?)", plural_slot, template)

    def sentence(self, ctx: dict[str, Any], topical: float = 0.45) -> str:
        """One sentence: a topic sentence (with probability ``topical``) or a generic one, capitalised."""
        topic: Topic = ctx["topic"]
        pool = topic.sentences if self.rng.random() < topical else GENERIC_SENTENCES
        text = self.fill(self.rng.choice(pool), ctx)
        return text[0].upper() + text[1:]

    def paragraph(self, ctx: dict[str, Any], words: int) -> str:
        """Sentences until about ``words`` words."""
        out: list[str] = []
        count = 0
        while count < words:
            text = self.sentence(ctx)
            out.append(text)
            count += len(text.split())
        return " ".join(out)

    def article(self, category: Category, index: int) -> Article:
        """One article of about 620 words on average, in 3 to 6 ``##`` sections."""
        rng = self.rng
        topic = category.topic
        ctx = self.context(topic)
        title = self.fill(rng.choice(topic.titles), ctx)
        title = title[0].upper() + title[1:]
        stem = f"{slugify(title)[:60].strip('-')}-{index}"
        description = self.sentence(ctx, topical=1.0)
        keywords = rng.sample(topic.keywords, 2) + [ctx["product"].lower(), ctx["sku"]]
        budget = max(250, min(1400, int(rng.gauss(530, 150))))
        sections = rng.randint(3, 6)
        parts = [self.paragraph(ctx, 45) + "\n"]
        used = 45
        headings = rng.sample(topic.headings, min(sections, len(topic.headings)))
        per_section = max(40, (budget - used) // sections)
        for heading in headings:
            parts.append(f"## {self.fill(heading, ctx)}\n")
            remaining = per_section
            roll = rng.random()
            if roll < 0.2:
                steps = [self.fill(rng.choice(STEP_TEMPLATES), ctx) for _ in range(rng.randint(3, 6))]
                parts.append("\n".join(f"{i}. {s[0].upper()}{s[1:]}" for i, s in enumerate(steps, 1)) + "\n")
                remaining -= sum(len(s.split()) for s in steps)
            elif roll < 0.3:
                items = [self.fill(rng.choice(GENERIC_SENTENCES), ctx) for _ in range(rng.randint(2, 4))]
                parts.append("\n".join(f"- {s[0].upper()}{s[1:]}" for s in items) + "\n")
                remaining -= sum(len(s.split()) for s in items)
            elif roll < 0.35:
                parts.append(self.size_table(ctx))
                remaining -= 30
            while remaining > 15:
                chunk = min(remaining, rng.randint(50, 90))
                parts.append(self.paragraph(ctx, chunk) + "\n")
                remaining -= chunk
        body = "\n".join(parts)
        terms = [ctx["product"], ctx["ptype"], ctx["material"], *ctx["rare"], *topic.nouns[:4]]
        return Article(category, stem, title, description, keywords, body, terms)

    def size_table(self, ctx: dict[str, Any]) -> str:
        """A small Markdown size table."""
        rng = self.rng
        rows = ["| Size | Chest (cm) | Waist (cm) | Foot length (cm) |", "| --- | --- | --- | --- |"]
        for size in ["XS", "S", "M", "L", "XL"][: rng.randint(3, 5)]:
            rows.append(f"| {size} | {rng.randint(80, 120)} | {rng.randint(60, 100)} | {rng.randint(22, 30)} |")
        return "\n".join(rows) + "\n"

    def faq(self, category: Category) -> Faq:
        """One FAQ file for a category, with questions unique across the whole site."""
        rng = self.rng
        topic = category.topic
        questions: list[tuple[str, str]] = []
        attempts = 0
        while len(questions) < 8 and attempts < 400:
            attempts += 1
            ctx = self.context(topic)
            question = self.fill(rng.choice(topic.questions), ctx)
            question = question[0].upper() + question[1:]
            key = " ".join(tokens(question)) or question.lower()
            if key in self.questions:
                continue
            self.questions.add(key)
            answer = self.fill(rng.choice(QUESTION_ANSWERS), ctx)
            questions.append((question, answer[0].upper() + answer[1:]))
        stem = f"{topic.slug}-questions"
        return Faq(category, stem, f"{category.title} questions", f"Quick answers about {topic.title.lower()}.",
                   questions)

    def corpus(self, query_count: int) -> Corpus:
        """The whole corpus, articles spread round-robin over the categories, and its queries."""
        categories = self.categories()
        articles = [self.article(categories[i % len(categories)], i) for i in range(self.size)]
        faqs = [self.faq(c) for c in categories]
        corpus = Corpus(self.size, self.seed, categories, articles, faqs)
        corpus.queries = make_queries(corpus, query_count, Random(f"queries-{self.seed}-{self.size}"))
        corpus.one_word = one_word_query(corpus)
        return corpus


def make_queries(corpus: Corpus, count: int, rng: Random) -> list[str]:
    """Shopper-like queries built from words that occur in the corpus.

    Mostly one to three words taken from one article (title words, product name, product type,
    material, its distinctive words) or from the shop vocabulary; some are the article's keyword
    phrases, a few its product code. About one in five ends in a prefix, as if typing stopped early.
    """
    present: set[str] = set().union(*corpus.page_words)
    phrases = [p.lower() for p in [*SHOPPER_NOUNS, *PRODUCT_TYPES, *(n for t in TOPICS for n in t.nouns)]]
    shop_words = list(dict.fromkeys(p for p in phrases if all(part in present for part in p.split())))
    queries: list[str] = []
    seen: set[str] = set()
    attempts = 0
    while len(queries) < count and attempts < count * 50:
        attempts += 1
        article = rng.choice(corpus.articles)
        title_words = tokens(article.title)
        facts = [t.lower() for t in article.terms]
        roll = rng.random()
        if roll < 0.3:
            words = rng.choice([*facts, *title_words, rng.choice(shop_words)]).split()
        elif roll < 0.75:
            words = [*rng.choice([*facts, *title_words]).split(), *rng.choice([*title_words, *shop_words]).split()]
        elif roll < 0.87:
            words = [*title_words[:2], *rng.choice(facts).split()]
        elif roll < 0.98:
            words = rng.choice(article.keywords[:2]).lower().split()
        else:
            words = [article.keywords[-1].lower()]
        words = list(dict.fromkeys(words))[:3] if roll < 0.87 else words
        query = " ".join(words)
        if rng.random() < 0.2:
            head, _, last = query.rpartition(" ")
            if len(last) > 4:
                query = f"{head} {last[: rng.randint(3, len(last) - 1)]}".strip()
        if len(query) >= 3 and query not in seen:
            seen.add(query)
            queries.append(query)
    # The first query (the one timed on a fresh page) is a typical one: two whole words, found
    # together in at least FIRST_QUERY_PAGES articles, so that engines that require every word
    # (Pagefind) have a full top 5 to fetch too.
    def together(words: list[str]) -> int:
        return sum(1 for p in corpus.page_words if all(w in p for w in words))

    typical = next((i for i, q in enumerate(queries)
                    if len(q.split()) == 2 and together(q.split()) >= FIRST_QUERY_PAGES), 0)
    queries.insert(0, queries.pop(typical))
    return queries


FIRST_QUERY_PAGES = 5


def one_word_query(corpus: Corpus) -> str:
    """The first whole word of the queries that FIRST_QUERY_PAGES articles or more contain."""
    for query in corpus.queries:
        for word in query.split():
            if len(word) >= 4 and sum(1 for p in corpus.page_words if word in p) >= FIRST_QUERY_PAGES:
                return word
    return corpus.queries[0].split()[0]


# ======================================================================================
# Writing the projects.
# ======================================================================================

MARKDOWN_EXTENSIONS = [
    "admonition", "attr_list", "md_in_html", "tables", {"toc": {"permalink": True}},
    "pymdownx.details", "pymdownx.superfences",
]


def write_text(path: Path, text: str) -> None:
    """Write a UTF-8 file, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def faq_yaml(faq: Faq) -> str:
    """An FAQ in kbgen's ``.faq.yml`` format."""
    data = {
        "title": faq.title,
        "description": faq.description,
        "questions": [{"question": q, "answer": a + "\n"} for q, a in faq.questions],
    }
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def faq_markdown(faq: Faq) -> str:
    """The same FAQ as a plain Markdown page: one ``##`` section per question."""
    parts = [f"---\ntitle: {json.dumps(faq.title)}\n---\n\n# {faq.title}\n\n{faq.description}\n"]
    parts += [f"## {q}\n\n{a}\n" for q, a in faq.questions]
    return "\n".join(parts)


def write_kbgen_project(corpus: Corpus, project: Path) -> None:
    """A kbgen help center: ``mkdocs.yml`` with ``plugins: [kbgen]`` (no Material search) and ``articles/``."""
    if project.exists():
        shutil.rmtree(project)
    docs = project / "articles"
    for category in corpus.categories:
        meta = {"title": category.title, "description": category.description}
        write_text(docs / category.folder / "_category.yml", yaml.safe_dump(meta, sort_keys=False))
    for article in corpus.articles:
        write_text(docs / article.path, article.markdown())
    for faq in corpus.faqs:
        write_text(docs / faq.category.folder / f"{faq.stem}.faq.yml", faq_yaml(faq))
    config = {
        "site_name": "Benchmark Outdoor Help Center",
        "site_url": "https://help.bench.example/",
        "docs_dir": "articles",
        "theme": {"name": "material", "language": "en", "font": False},
        "markdown_extensions": MARKDOWN_EXTENSIONS,
        "plugins": [{"kbgen": {"store_name": "Benchmark Outdoor", "languages": ["en"],
                               "contact": {"email": "help@bench.example"}}}],
    }
    write_text(project / "mkdocs.yml", yaml.safe_dump(config, sort_keys=False))


def write_plain_project(corpus: Corpus, project: Path, flat_nav: bool = False) -> None:
    """The same Markdown as a plain MkDocs + Material project.

    ``mkdocs.yml`` uses Material's built-in ``search`` plugin; ``mkdocs-pagefind.yml`` is the same
    without any plugin, for Pagefind to index afterwards. Category folders get an ``index.md`` with
    their title and description, and each FAQ becomes a Markdown page. With ``flat_nav`` the
    navigation has a single entry (the home page): every page is still built, but no page carries a
    link to every other, so the build is linear in N instead of quadratic.
    """
    if project.exists():
        shutil.rmtree(project)
    docs = project / "docs"
    home = ["# Benchmark Outdoor Help Center", ""]
    for category in corpus.categories:
        home.append(f"- [{category.title}]({category.folder}/index.md)")
        page = f"---\ntitle: {json.dumps(category.title)}\n---\n\n# {category.title}\n\n{category.description}\n"
        write_text(docs / category.folder / "index.md", page)
    write_text(docs / "index.md", "\n".join(home) + "\n")
    for article in corpus.articles:
        write_text(docs / article.path, article.markdown())
    for faq in corpus.faqs:
        write_text(docs / faq.category.folder / f"{faq.stem}.md", faq_markdown(faq))
    base = {
        "site_name": "Benchmark Outdoor Help Center",
        "site_url": "https://help.bench.example/",
        "docs_dir": "docs",
        "theme": {"name": "material", "language": "en", "font": False},
        "markdown_extensions": MARKDOWN_EXTENSIONS,
    }
    if flat_nav:
        base["nav"] = ["index.md"]
    write_text(project / "mkdocs.yml", yaml.safe_dump({**base, "plugins": ["search"]}, sort_keys=False))
    write_text(project / "mkdocs-pagefind.yml", yaml.safe_dump({**base, "plugins": []}, sort_keys=False))


# ======================================================================================
# Building the three sites.
# ======================================================================================


@dataclass
class Tools:
    """The commands the benchmark runs; ``None`` where a tool is missing (with the reason)."""

    kbgen: list[str] | None
    mkdocs: list[str]
    pagefind: list[str] | None
    pagefind_missing: str = ""


@dataclass
class Build:
    """One engine's build: wall-clock seconds (median of the runs), the site, and what it weighs."""

    engine: str
    site: Path
    runs: int = 1
    seconds: float | None = None
    parts: dict[str, float] = field(default_factory=dict)
    error: str = ""
    site_bytes: int = 0
    search_disk_bytes: int = 0


def runs_ok(command: list[str]) -> bool:
    """Whether ``command`` runs and exits 0 (used to probe for tools)."""
    try:
        return subprocess.run(command, capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def find_tools(kbgen: str | None, pagefind: str | None) -> Tools:
    """Locate kbgen, the MkDocs next to it (same MkDocs and Material versions) and Pagefind."""
    candidates = [Path(kbgen)] if kbgen else [
        Path(sys.executable).parent / "kbgen", ROOT / ".venv" / "bin" / "kbgen", Path(shutil.which("kbgen") or "-")
    ]
    kbgen_path = next((p for p in candidates if p.is_file() and os.access(p, os.X_OK)), None)
    bin_dir = kbgen_path.parent if kbgen_path else Path(sys.executable).parent
    mkdocs = [str(bin_dir / "mkdocs")] if (bin_dir / "mkdocs").is_file() else [sys.executable, "-m", "mkdocs"]
    if pagefind:
        options = [shlex.split(pagefind)]
    else:
        options = [[sys.executable, "-m", "pagefind"], [str(bin_dir / "python"), "-m", "pagefind"]]
        if shutil.which("pagefind"):
            options.append([shutil.which("pagefind") or "pagefind"])
    pagefind_cmd = next((o for o in options if runs_ok([*o, "--version"])), None)
    missing = "" if pagefind_cmd else "Pagefind not found: pip install 'pagefind[bin]' (or pass --pagefind)"
    return Tools([str(kbgen_path)] if kbgen_path else None, mkdocs, pagefind_cmd, missing)


def run_timed(command: list[str], cwd: Path, log_file: Path) -> float:
    """Run ``command`` in ``cwd``, output appended to ``log_file``; wall-clock seconds, or raise with the tail."""
    with log_file.open("a", encoding="utf-8") as out:
        out.write(f"$ {shlex.join(command)}\n")
        out.flush()
        started = time.perf_counter()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        seconds = time.perf_counter() - started
    if result.returncode != 0:
        tail = log_file.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-6:]
        raise RuntimeError(f"{shlex.join(command)} exited {result.returncode}: " + " / ".join(tail))
    return seconds


def tree_bytes(paths: Iterable[Path]) -> int:
    """Total size of the files at or under ``paths``."""
    total = 0
    for path in paths:
        if path.is_file():
            total += path.stat().st_size
        elif path.is_dir():
            total += sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return total


def search_disk_paths(engine: str, site: Path) -> list[Path]:
    """The files each engine's search can download (Material: its index and worker)."""
    if engine == "kbgen":
        return [site / "search"]
    if engine == "material":
        workers = site / "assets" / "javascripts" / "workers"
        return [site / "search" / "search_index.json", *workers.glob("search*.js")]
    return [site / "pagefind"]


def build_engine(engine: str, tools: Tools, work: Path, runs: int) -> Build:
    """Build one engine's site ``runs`` times and keep the median wall-clock time."""
    site = work / f"site-{engine}"
    build = Build(engine, site, runs)
    log_file = work / f"build-{engine}.log"
    log_file.write_text("", encoding="utf-8")
    totals: list[float] = []
    parts: dict[str, list[float]] = {}
    try:
        for _ in range(runs):
            if engine == "kbgen":
                if tools.kbgen is None:
                    raise RuntimeError("kbgen not found (pass --kbgen)")
                steps = {"kbgen build": ([*tools.kbgen, "build", "--site-dir", str(site)], work / "kbgen-project")}
            elif engine == "material":
                steps = {"mkdocs build": ([*tools.mkdocs, "build", "-q", "-d", str(site)], work / "plain-project")}
            else:
                if tools.pagefind is None:
                    raise RuntimeError(tools.pagefind_missing)
                steps = {
                    "mkdocs build": ([*tools.mkdocs, "build", "-q", "-f", "mkdocs-pagefind.yml", "-d", str(site)],
                                     work / "plain-project"),
                    "pagefind": ([*tools.pagefind, "--site", str(site), "--root-selector", "article.md-content__inner"],
                                 work / "plain-project"),
                }
            if site.exists():
                shutil.rmtree(site)
            total = 0.0
            for name, (command, cwd) in steps.items():
                seconds = run_timed(command, cwd, log_file)
                parts.setdefault(name, []).append(seconds)
                total += seconds
            totals.append(total)
    except RuntimeError as exc:
        build.error = str(exc)
        return build
    build.seconds = statistics.median(totals)
    build.parts = {name: statistics.median(values) for name, values in parts.items()}
    build.site_bytes = tree_bytes([site])
    build.search_disk_bytes = tree_bytes(search_disk_paths(engine, site))
    return build


# ======================================================================================
# A static host that compresses like a CDN and counts the bytes it sends.
# ======================================================================================

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".mjs": "text/javascript",
    ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml", ".txt": "text/plain",
    ".wasm": "application/wasm", ".woff2": "font/woff2", ".png": "image/png", ".ico": "image/x-icon",
}
COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml", "application/xml",
                "application/wasm")


@dataclass
class Transfer:
    """One response: when it was asked for, its body before compression and the bytes on the wire."""

    path: str
    started: float
    status: int
    raw_bytes: int
    wire_bytes: int


class CountingWriter:
    """Wraps the socket's writer and counts every byte written to it."""

    def __init__(self, inner: Any):
        self.inner = inner
        self.count = 0

    def write(self, data: bytes) -> int:
        """Count, then write."""
        self.count += len(data)
        return self.inner.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


class SiteServer(http.server.ThreadingHTTPServer):
    """Serves one built site on 127.0.0.1 and keeps a log of every transfer."""

    daemon_threads = True

    def __init__(self, root: Path):
        super().__init__(("127.0.0.1", 0), CountingHandler)
        self.root = root.resolve()
        self.transfers: list[Transfer] = []
        self.lock = threading.Lock()
        self.gzipped: dict[Path, bytes] = {}
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The site's base URL."""
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()

    def mark(self) -> int:
        """A position in the transfer log."""
        with self.lock:
            return len(self.transfers)

    def since(self, mark: int, before: float | None = None) -> list[Transfer]:
        """Transfers logged after ``mark`` (and asked for before ``before``, a ``perf_counter`` time)."""
        with self.lock:
            found = self.transfers[mark:]
        return [t for t in found if before is None or t.started <= before]

    def record(self, transfer: Transfer) -> None:
        """Add one transfer to the log."""
        with self.lock:
            self.transfers.append(transfer)

    def compressed(self, path: Path, body: bytes) -> bytes:
        """The gzip body for a file, compressed once and cached (as a CDN does)."""
        with self.lock:
            cached = self.gzipped.get(path)
        if cached is None:
            cached = gzip.compress(body, compresslevel=6, mtime=0)
            with self.lock:
                self.gzipped[path] = cached
        return cached


class CountingHandler(http.server.BaseHTTPRequestHandler):
    """GET and HEAD for static files; gzip when the client accepts it; every response logged."""

    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm on, the body of a small
    # response waits for the client's delayed ACK (40 ms on Linux). Static hosts and CDNs send
    # without that wait, so the benchmark's server must too, or every engine's request waves
    # are measured 40 ms slow.
    disable_nagle_algorithm = True
    server: SiteServer

    def setup(self) -> None:
        super().setup()
        self.wfile = CountingWriter(self.wfile)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.respond(head=False)

    def do_HEAD(self) -> None:
        self.respond(head=True)

    def resolve(self) -> tuple[int, Path | None, str]:
        """Status, file and, for a folder without a trailing slash, the redirect target."""
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        target = (self.server.root / path.lstrip("/")).resolve()
        if self.server.root != target and self.server.root not in target.parents:
            return 404, self.server.root / "404.html", ""
        if target.is_dir():
            if not path.endswith("/"):
                return 301, None, path + "/"
            target = target / "index.html"
        if target.is_file():
            return 200, target, ""
        return 404, self.server.root / "404.html", ""

    def respond(self, head: bool) -> None:
        """Send one response and log its raw and on-the-wire size."""
        started = time.perf_counter()
        before = self.wfile.count
        status, file, location = self.resolve()
        body = file.read_bytes() if file is not None and file.is_file() else b""
        raw = len(body)
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        suffix = file.suffix.lower() if file is not None else ".txt"
        content_type = CONTENT_TYPES.get(suffix) or mimetypes.guess_type(str(file))[0] or "application/octet-stream"
        self.send_header("Content-Type", content_type)
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if body and accepts_gzip and content_type.startswith(COMPRESSIBLE):
            body = self.server.compressed(file, body)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)
        self.wfile.flush()
        self.server.record(Transfer(self.path, started, status, raw, self.wfile.count - before))


# ======================================================================================
# Measuring in Chromium.
# ======================================================================================

MATERIAL_FIRST_JS = """async (query) => {
  const input = document.querySelector("input.md-search__input");
  const root = document.querySelector(".md-search-result");
  const settled = () => root.querySelector(".md-search-result__item")
    || /no matching/i.test(root.querySelector(".md-search-result__meta")?.textContent || "");
  const done = new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (settled()) { observer.disconnect(); resolve(performance.now()); }
    });
    observer.observe(root, {childList: true, subtree: true, characterData: true});
    setTimeout(() => { observer.disconnect(); reject(new Error("no Material results after 60 s")); }, 60000);
  });
  const t0 = performance.now();
  input.focus();
  input.value = query;
  input.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true}));
  const t1 = await done;
  const meta = root.querySelector(".md-search-result__meta")?.textContent || "";
  const count = /no matching/i.test(meta) ? 0
    : parseInt(meta.replace(/[^0-9]/g, ""), 10) || root.querySelectorAll(".md-search-result__item").length;
  return {t0, t1, count};
}"""

# Input to render: from setting the value (and the keyup Material listens to) to the first
# mutation of the result list, which Material makes in one task when the worker answers.
MATERIAL_TYPING_JS = """async (queries) => {
  const input = document.querySelector("input.md-search__input");
  const root = document.querySelector(".md-search-result");
  const rendered = () => new Promise(resolve => {
    const timer = setTimeout(() => { observer.disconnect(); resolve(NaN); }, 10000);
    const observer = new MutationObserver(() => {
      observer.disconnect(); clearTimeout(timer); resolve(performance.now());
    });
    observer.observe(root, {childList: true, subtree: true, characterData: true});
  });
  const type = async (value) => {
    const done = rendered();
    const t0 = performance.now();
    input.value = value;
    input.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true}));
    return (await done) - t0;
  };
  const times = [];
  for (const query of queries) {
    if (input.value !== "") await type("");
    for (let i = 1; i <= query.length; i++) times.push(await type(query.slice(0, i)));
  }
  return times;
}"""

KBGEN_READY_JS = "() => Boolean(window.kbgen && typeof window.kbgen.search === 'function')"

# Results a first kbgen search fetches (their texts are one request each): 10 by default; 5 is what the
# Pagefind column measures (search() plus data() of the top 5). Set with KBGEN_BENCH_LIMIT.
KBGEN_LIMIT = int(os.environ.get("KBGEN_BENCH_LIMIT", "10"))

KBGEN_FIRST_JS = """async (query) => {
  const t0 = performance.now();
  const results = await window.kbgen.search(query, {lang: "en", limit: LIMIT});
  return {t0, t1: performance.now(), count: results.length};
}""".replace("LIMIT", str(KBGEN_LIMIT))

KBGEN_TYPING_JS = """async (queries) => {
  const times = [];
  for (const query of queries) {
    for (let i = 1; i <= query.length; i++) {
      const t0 = performance.now();
      await window.kbgen.search(query.slice(0, i), {lang: "en"});
      times.push(performance.now() - t0);
    }
  }
  return times;
}"""

PAGEFIND_FIRST_JS = """async (query) => {
  const t0 = performance.now();
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.init();
  const search = await pagefind.search(query);
  await Promise.all(search.results.slice(0, 5).map(r => r.data()));
  window.__benchPagefind = pagefind;
  return {t0, t1: performance.now(), count: search.results.length};
}"""

PAGEFIND_TYPING_JS = """async (queries) => {
  const pagefind = window.__benchPagefind;
  const times = [];
  for (const query of queries) {
    for (let i = 1; i <= query.length; i++) {
      const t0 = performance.now();
      const search = await pagefind.search(query.slice(0, i));
      await Promise.all(search.results.slice(0, 5).map(r => r.data()));
      times.push(performance.now() - t0);
    }
  }
  return times;
}"""


@dataclass(frozen=True)
class EngineScript:
    """How to drive one engine in the page."""

    first_js: str
    typing_js: str
    is_search_path: Callable[[str], bool]


SCRIPTS = {
    "kbgen": EngineScript(KBGEN_FIRST_JS, KBGEN_TYPING_JS, lambda p: p.startswith("/search/")),
    "material": EngineScript(
        MATERIAL_FIRST_JS, MATERIAL_TYPING_JS,
        lambda p: "search_index.json" in p or "/javascripts/workers/search" in p or "/javascripts/lunr/" in p,
    ),
    "pagefind": EngineScript(PAGEFIND_FIRST_JS, PAGEFIND_TYPING_JS, lambda p: p.startswith("/pagefind/")),
}


class Unavailable(Exception):
    """The engine's search is not on the page (kbgen before its search exists)."""


@dataclass
class FirstSearch:
    """A fresh visit to an article page and the first query: bytes and times (medians over the runs)."""

    wire_bytes: float
    raw_bytes: float
    search_wire_bytes: float
    search_raw_bytes: float
    requests: float
    load_ms: float
    nav_to_result_ms: float
    typed_to_result_ms: float
    results: int


@dataclass
class Typing:
    """Per-keystroke query times while typing every query.

    Two passes over all queries after a first search: the first loads whatever index parts the
    keystrokes need (``first_*``, ``wire_bytes``); the second, timed with everything warm, gives
    the main figures.
    """

    keystrokes: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    first_p50_ms: float
    first_p95_ms: float
    timeouts: int
    wire_bytes: int


@dataclass
class EngineResult:
    """Everything measured for one engine at one size."""

    engine: str
    build: Build
    first: FirstSearch | None = None
    one_word: FirstSearch | None = None
    dropdown_ms: float | None = None  # kbgen only: see measure_dropdown
    typing: Typing | None = None
    note: str = ""


def open_article(browser: Any, server: SiteServer, engine: str, url: str) -> tuple[Any, Any]:
    """A fresh context (empty cache) on ``url``, loaded, with the engine's search present."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(server.url + url, wait_until="load", timeout=180_000)
    if engine == "kbgen":
        try:
            page.wait_for_function(KBGEN_READY_JS, timeout=3000)
        except Exception as exc:
            context.close()
            raise Unavailable("window.kbgen.search is not on the page") from exc
    elif engine == "material" and page.query_selector("input.md-search__input") is None:
        context.close()
        raise Unavailable("no Material search box on the page")
    return context, page


def measure_first(browser: Any, server: SiteServer, engine: str, url: str, query: Any, runs: int,
                  script: EngineScript | None = None) -> FirstSearch:
    """Bytes and times from a fresh navigation to the first results, median of ``runs`` visits.

    ``query`` is what ``script.first_js`` takes (the engine's default script: a string).
    """
    script = script or SCRIPTS[engine]
    samples: list[FirstSearch] = []
    for _ in range(runs):
        mark = server.mark()
        context, page = open_article(browser, server, engine, url)
        try:
            load_ms = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
            timing = page.evaluate(script.first_js, query)
            cutoff = time.perf_counter()
            time.sleep(0.3)  # let responses still being written reach the log
        finally:
            context.close()
        transfers = server.since(mark, cutoff)
        search = [t for t in transfers if script.is_search_path(t.path)]
        samples.append(FirstSearch(
            wire_bytes=sum(t.wire_bytes for t in transfers),
            raw_bytes=sum(t.raw_bytes for t in transfers),
            search_wire_bytes=sum(t.wire_bytes for t in search),
            search_raw_bytes=sum(t.raw_bytes for t in search),
            requests=len(transfers),
            load_ms=load_ms,
            nav_to_result_ms=timing["t1"],
            typed_to_result_ms=timing["t1"] - timing["t0"],
            results=int(timing["count"]),
        ))
    return FirstSearch(**{
        name: statistics.median(getattr(s, name) for s in samples) for name in FirstSearch.__dataclass_fields__
    })


TYPING_DELAY_MS = 100  # ten keys a second, a quick typist on a phone

DROPDOWN_ARM_JS = """() => {
  window.__benchShown = null;
  window.__benchArmed = false;
  const list = document.querySelector("#kbgen-header-q-listbox");
  new MutationObserver(() => {
    if (window.__benchArmed && window.__benchShown === null) window.__benchShown = performance.now();
  }).observe(list, {childList: true});
}"""


def measure_dropdown(browser: Any, server: SiteServer, url: str, query: str, runs: int) -> float:
    """kbgen as a shopper meets it: on a fresh, loaded page, type ``query`` into the header box at
    TYPING_DELAY_MS a key, and time from the last key to the dropdown's first render (median of
    ``runs`` visits). It includes the box's pause before it searches (60 ms) and whatever the
    earlier keystrokes had already fetched. Material's and Pagefind's boxes are not timed this way:
    their first-search rows use their APIs, as kbgen's do."""
    times = []
    for _ in range(runs):
        context, page = open_article(browser, server, "kbgen", url)
        try:
            page.evaluate(DROPDOWN_ARM_JS)
            box = page.locator("#kbgen-header-q")
            box.click()
            box.press_sequentially(query[:-1], delay=TYPING_DELAY_MS)
            page.wait_for_timeout(TYPING_DELAY_MS)
            started = page.evaluate("() => { window.__benchArmed = true; return performance.now(); }")
            box.press(query[-1])
            page.wait_for_function("() => window.__benchShown !== null", timeout=10_000)
            times.append(page.evaluate("() => window.__benchShown") - started)
        finally:
            context.close()
    return statistics.median(times)


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100), linear between closest ranks."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def measure_typing(browser: Any, server: SiteServer, engine: str, url: str, queries: list[str]) -> Typing:
    """Type every query one keystroke at a time after a first search warmed the index."""
    script = SCRIPTS[engine]
    context, page = open_article(browser, server, engine, url)
    try:
        page.evaluate(script.first_js, queries[0])
        mark = server.mark()
        first_pass = page.evaluate(script.typing_js, queries)
        fetched = sum(t.wire_bytes for t in server.since(mark))
        warm_pass = page.evaluate(script.typing_js, queries)
    finally:
        context.close()

    def finite(times: list[float | None]) -> list[float]:
        return [t for t in times if t is not None and math.isfinite(t)]

    cold, warm = finite(first_pass), finite(warm_pass)
    return Typing(
        keystrokes=len(warm),
        p50_ms=percentile(warm, 50),
        p95_ms=percentile(warm, 95),
        max_ms=max(warm, default=math.nan),
        first_p50_ms=percentile(cold, 50),
        first_p95_ms=percentile(cold, 95),
        timeouts=len(first_pass) + len(warm_pass) - len(cold) - len(warm),
        wire_bytes=fetched,
    )


def measure_engine(browser: Any, build: Build, url: str, queries: list[str], runs: int,
                   typing_queries: int | None = None, one_word: str = "") -> EngineResult:
    """Serve one built site and measure first searches and typing; ``n/a`` with a note when unavailable.

    ``typing_queries`` limits the typing passes to the first that many queries; ``one_word`` is
    also timed as a first search of its own.
    """
    result = EngineResult(build.engine, build)
    if build.seconds is None:
        result.note = f"build failed: {build.error}"
        return result
    with SiteServer(build.site) as server:
        try:
            result.first = measure_first(browser, server, build.engine, url, queries[0], runs)
            if one_word:
                result.one_word = measure_first(browser, server, build.engine, url, one_word, runs)
            if build.engine == "kbgen":
                result.dropdown_ms = measure_dropdown(browser, server, url, queries[0], runs)
            result.typing = measure_typing(browser, server, build.engine, url, queries[:typing_queries])
        except Unavailable as exc:
            result.note = str(exc)
        except Exception as exc:  # a page error or timeout: report it, keep the other engines
            result.note = f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}"
    return result


# ======================================================================================
# The report.
# ======================================================================================


@dataclass
class SizeResult:
    """One corpus size: what was generated, and every engine's results."""

    corpus: Corpus
    distinct_terms: int
    engines: dict[str, EngineResult]
    seconds: float = 0.0
    load_before: float = 0.0
    flat_nav: bool = False


@dataclass(frozen=True)
class Row:
    """One metric of the table: how to read it from a result, how to print it, and its target."""

    label: str
    value: Callable[[EngineResult], float | None]
    digits: int = 0
    target: Callable[[int, SizeResult], str] | None = None


def kib(value: float | None) -> float | None:
    """Bytes to KiB."""
    return None if value is None else value / KIB


def first(name: str, scale: Callable[[float], float | None] = lambda v: v) -> Callable[[EngineResult], float | None]:
    """A getter for a :class:`FirstSearch` field."""
    return lambda r: None if r.first is None else scale(getattr(r.first, name))


def one_word(name: str, scale: Callable[[float], float | None] = lambda v: v) -> Callable[[EngineResult], float | None]:
    """A getter for a field of the one-word first search."""
    return lambda r: None if r.one_word is None else scale(getattr(r.one_word, name))


def typing(name: str, scale: Callable[[float], float | None] = lambda v: v) -> Callable[[EngineResult], float | None]:
    """A getter for a :class:`Typing` field."""
    return lambda r: None if r.typing is None else scale(getattr(r.typing, name))


def verdict(ok: bool, detail: str) -> str:
    """A target cell."""
    return f"{'✅' if ok else '❌'} {detail}"


def target_at(sizes: dict[int, float], unit: str, strict: bool = False) -> Callable[[int, float | None], str]:
    """A target that applies at some corpus sizes only: ``≤ limit`` (or ``< limit``)."""

    def check(n: int, value: float | None) -> str:
        if n not in sizes:
            return ""
        limit = sizes[n]
        sign = "<" if strict else "≤"
        if value is None or math.isnan(value):
            return f"{sign} {limit:g} {unit}: n/a"
        ok = value < limit if strict else value <= limit
        return verdict(ok, f"{sign} {limit:g} {unit}")

    return check


def on_kbgen(row_value: Callable[[EngineResult], float | None], check: Callable[[int, float | None], str]):
    """Apply ``check`` to kbgen's value of a row."""

    def target(n: int, size: SizeResult) -> str:
        engine = size.engines.get("kbgen")
        return check(n, row_value(engine) if engine else None)

    return target


def build_target(n: int, size: SizeResult) -> str:
    """kbgen's build time at most 1.15 x plain Material's ``mkdocs build``, at every size."""
    kb, mat = size.engines.get("kbgen"), size.engines.get("material")
    if not kb or not mat or kb.build.seconds is None or mat.build.seconds is None:
        return "≤ 1.15× Material: n/a"
    ratio = kb.build.seconds / mat.build.seconds
    if size.flat_nav:
        return f"not comparable ({ratio:.2f}×): Material built with a one-entry nav"
    return verdict(ratio <= 1.15, f"≤ 1.15× Material ({ratio:.2f}×)")


TRANSFER = first("wire_bytes", kib)
SEARCH_TRANSFER = first("search_wire_bytes", kib)
TYPED = first("typed_to_result_ms")
ONE_TRANSFER = one_word("wire_bytes", kib)
ONE_SEARCH_TRANSFER = one_word("search_wire_bytes", kib)
ONE_TYPED = one_word("typed_to_result_ms")
P95 = typing("p95_ms")

ROWS = [
    Row("Build time (s)", lambda r: r.build.seconds, 2, build_target),
    Row("Site on disk (MiB)", lambda r: r.build.site_bytes / KIB / KIB if r.build.seconds is not None else None, 1),
    Row("Search files on disk (KiB, uncompressed)",
        lambda r: kib(r.build.search_disk_bytes) if r.build.seconds is not None else None),
    Row("First search: transferred (KiB, gzip on the wire)", TRANSFER, 1,
        on_kbgen(TRANSFER, target_at({3000: 100, 10000: 200}, "KiB (reading: whole page)"))),
    Row("First search: uncompressed (KiB)", first("raw_bytes", kib), 1),
    Row("First search: search bytes transferred (KiB)", SEARCH_TRANSFER, 1,
        on_kbgen(SEARCH_TRANSFER, target_at({3000: 100, 10000: 200}, "KiB (reading: search only)"))),
    Row("First search: search bytes uncompressed (KiB)", first("search_raw_bytes", kib), 1),
    Row("First search: requests", first("requests")),
    Row("Page load event (ms)", first("load_ms")),
    Row("Navigation start → first result (ms)", first("nav_to_result_ms")),
    Row("Typed → first result, loaded page (ms)", TYPED, 0, on_kbgen(TYPED, target_at({3000: 150}, "ms"))),
    Row("Results for the first query (as each engine counts them)", first("results")),
    Row("One-word first search: transferred (KiB, whole page)", ONE_TRANSFER, 1,
        on_kbgen(ONE_TRANSFER, target_at({3000: 100, 10000: 200}, "KiB (reading: whole page)"))),
    Row("One-word first search: search bytes transferred (KiB)", ONE_SEARCH_TRANSFER, 1,
        on_kbgen(ONE_SEARCH_TRANSFER, target_at({3000: 100, 10000: 200}, "KiB (reading: search only)"))),
    Row("One-word first search: requests", one_word("requests")),
    Row("One-word first search: typed → first result, loaded page (ms)", ONE_TYPED, 0,
        on_kbgen(ONE_TYPED, target_at({3000: 150}, "ms"))),
    Row("One-word first search: results (as each engine counts them)", one_word("results")),
    Row("Typed into the header box (10 keys/s) → dropdown shown, after the last key (ms)",
        lambda r: r.dropdown_ms, 0, on_kbgen(lambda r: r.dropdown_ms, target_at({3000: 150}, "ms"))),
    Row("Query while typing p50 (ms, warm)", typing("p50_ms"), 2),
    Row("Query while typing p95 (ms, warm)", P95, 2, on_kbgen(P95, target_at({3000: 16}, "ms", strict=True))),
    Row("Query while typing max (ms, warm)", typing("max_ms"), 1),
    Row("Keystrokes timed per pass", typing("keystrokes")),
    Row("First typing pass p50 (ms, loading index parts)", typing("first_p50_ms"), 2),
    Row("First typing pass p95 (ms, loading index parts)", typing("first_p95_ms"), 2),
    Row("Fetched during the first typing pass (KiB, gzip)", typing("wire_bytes", kib), 1),
]


def cell(value: float | None, digits: int) -> str:
    """A number, or n/a."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:,.{digits}f}"


def ratio(a: float | None, b: float | None) -> str:
    """``a / b`` as ``0.42×``."""
    if a is None or b is None or b == 0 or math.isnan(a) or math.isnan(b):
        return "n/a"
    return f"{a / b:.2f}×"


def format_size(size: SizeResult, runs: int) -> str:
    """The Markdown section for one corpus size: corpus facts, the table, notes."""
    corpus = size.corpus
    build_runs = max((r.build.runs for r in size.engines.values()), default=1)
    questions = sum(len(f.questions) for f in corpus.faqs)
    lines = [
        f"## N = {corpus.size:,} articles",
        "",
        f"{corpus.size:,} articles in {len(corpus.categories)} categories, {len(corpus.faqs)} FAQ pages "
        f"({questions} questions); {corpus.words:,} words in article bodies "
        f"({corpus.words / max(1, corpus.size):.0f} per article), {size.distinct_terms:,} distinct terms. "
        f"{len(corpus.queries)} queries, first query `{corpus.queries[0]}` (two words found together in at least "
        f"{FIRST_QUERY_PAGES} articles), one-word first search `{corpus.one_word}`; first-search figures are "
        f"the median of {runs} fresh visits, build times the median of {build_runs} build(s). "
        f"Measured in {size.seconds / 60:.1f} min; the 1-minute load average was {size.load_before:.2f} "
        "before (well above 0 means something else was using the CPUs, and the times are skewed).",
        "",
        "| metric | kbgen | Material | Pagefind | kbgen/Material | kbgen/Pagefind | target (kbgen) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in ROWS:
        values = {e: (row.value(size.engines[e]) if e in size.engines else None) for e in ENGINES}
        target = row.target(corpus.size, size) if row.target else ""
        lines.append(
            f"| {row.label} | {cell(values['kbgen'], row.digits)} | {cell(values['material'], row.digits)} | "
            f"{cell(values['pagefind'], row.digits)} | {ratio(values['kbgen'], values['material'])} | "
            f"{ratio(values['kbgen'], values['pagefind'])} | {target} |"
        )
    notes = [f"- {ENGINE_TITLES[e]}: {r.note}" for e, r in size.engines.items() if r.note]
    notes += [
        f"- {ENGINE_TITLES[e]}: {r.typing.timeouts} keystrokes got no answer within 10 s (left out)"
        for e, r in size.engines.items() if r.typing and r.typing.timeouts
    ]
    parts = [
        f"- {ENGINE_TITLES[e]} build: " + ", ".join(f"{k} {v:.2f} s" for k, v in r.build.parts.items())
        for e, r in size.engines.items() if len(r.build.parts) > 1
    ]
    if size.flat_nav:
        notes.insert(0, "- **Material and Pagefind were built with a one-entry nav** (`nav: [index.md]`; every page "
                     "is still built) so that their builds are linear in N: their build times and site sizes are "
                     "not the plain `mkdocs build` figures, and the kbgen/Material build ratio is not comparable "
                     "(the comparable build check is at N = 3,000). Their pages are also smaller than with the "
                     "full navigation, which favours them in the whole-page transfer rows.")
    typed = {e: r.typing.keystrokes for e, r in size.engines.items() if r.typing}
    if len(set(typed.values())) > 1:
        notes.append("- Typing passes: kbgen typed all queries; Material and Pagefind only the first "
                     "queries (`--anchor-queries`), to save time: compare the keystroke counts.")
    if notes or parts:
        lines += ["", *notes, *parts]
    return "\n".join(lines) + "\n"


def package_version(name: str) -> str:
    """An installed distribution's version, or ``?``."""
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def machine_summary(tools: Tools, browser_version: str) -> str:
    """Date, CPU, memory, OS and the versions of everything measured."""
    cpu, memory = cpu_and_memory()
    python_bin = Path(tools.mkdocs[0]).parent / "python" if tools.mkdocs[0] != sys.executable else Path(sys.executable)
    versions = subprocess.run(
        [str(python_bin), "-c", "from importlib.metadata import version as v; "
         "print(v('mkdocs'), v('mkdocs-material'), end=' ');\ntry: print(v('kbgen'))\nexcept Exception: print('?')"],
        capture_output=True, text=True,
    ).stdout.split() or ["?", "?", "?"]
    pagefind = "n/a"
    if tools.pagefind:
        pagefind = subprocess.run([*tools.pagefind, "--version"], capture_output=True, text=True).stdout.strip()
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"- Date: {now}\n"
        f"- Machine: {os.cpu_count()} CPUs ({cpu}), {memory} memory, {platform.system()} {platform.release()}\n"
        f"- Python {platform.python_version()}, MkDocs {versions[0]}, Material for MkDocs {versions[1]}, "
        f"kbgen {versions[2] if len(versions) > 2 else '?'}, {pagefind}, Chromium {browser_version}\n"
    )


def report(sizes: list[SizeResult], tools: Tools, browser_version: str, args: argparse.Namespace,
           multilingual: Sequence[MlResult] = ()) -> str:
    """The whole Markdown report."""
    head = [
        "# Search benchmark: kbgen vs Material for MkDocs search vs Pagefind",
        "",
        "`python benchmarks/search.py "
        + (f"--sizes {','.join(str(s.corpus.size) for s in sizes)} " if sizes else "")
        + (f"--multilingual {','.join(str(m.corpus.size) for m in multilingual)} " if multilingual else "")
        + f"--queries {args.queries} --seed {args.seed} --runs {args.runs}"
        + (f" --build-runs {args.build_runs}" if args.build_runs else "")
        + (f" --engines {','.join(args.engines)}" if list(args.engines) != list(ENGINES) else "")
        + (f" --anchor-queries {args.anchor_queries}" if args.anchor_queries else "")
        + (f" --flat-nav-above {args.flat_nav_above}" if args.flat_nav_above != 3000 else "") + "`",
        "",
        machine_summary(tools, browser_version),
        "Sites served from 127.0.0.1 by a threaded server that gzips text responses (level 6) like a CDN; "
        "\"transferred\" counts response headers and bodies as sent. Times are from headless Chromium on "
        "loopback (no network latency). kbgen and Pagefind are timed through their JavaScript APIs "
        "(Pagefind: `search()` plus `data()` of the top 5); Material through its search box, input to "
        "the result list's first re-render. Targets are checked on kbgen's column.",
        "",
    ]
    sections = [format_size(s, args.runs) for s in sizes] + [format_ml(m) for m in multilingual]
    return "\n".join(head) + "\n" + "\n".join(sections)


# ======================================================================================
# The multilingual corpus (--multilingual N): 80 % English, 4 % each in da, zh, ko, vi, tl.
# ======================================================================================

ML_LANGS = ("en", "da", "zh", "ko", "vi", "tl")
ML_SHARE = 0.04
ML_QUERIES = 4
DEMO_ARTICLES = ROOT / "articles"
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n?", re.S)
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
HANGUL = re.compile(r"[\uac00-\ud7a3]+")
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass
class LanguageText:
    """Prose taken from the demo's own translations in one language, to recombine into new articles."""

    lang: str
    sentences: list[str]
    headings: list[str]
    titles: list[str]
    keywords: list[str]  # the demo's front-matter keywords: what shoppers there type
    categories: dict[str, dict[str, Any]]  # folder -> its _category.yml
    chars_per_en_word: float  # non-space characters per word of the English original, in the demo


@dataclass
class MlArticle:
    """One generated non-English article."""

    lang: str
    folder: str
    stem: str
    title: str
    description: str
    body: str

    @property
    def path(self) -> str:
        return f"{self.lang}/{self.folder}/{self.stem}.md"

    @property
    def url(self) -> str:
        return f"/{self.lang}/{self.folder}/{self.stem}/"

    def markdown(self) -> str:
        return (f"---\ntitle: {json.dumps(self.title, ensure_ascii=False)}\n"
                f"description: {json.dumps(self.description, ensure_ascii=False)}\n---\n\n{self.body}")


@dataclass
class MlCorpus:
    """English corpus plus generated articles in the other five languages, and queries per language."""

    size: int
    english: Corpus
    others: list[MlArticle]
    texts: dict[str, LanguageText]
    queries: dict[str, list[str]]

    def articles(self, lang: str) -> int:
        return len(self.english.articles) if lang == "en" else sum(a.lang == lang for a in self.others)


def strip_markdown(line: str) -> str:
    """A Markdown line as prose: no list markers, emphasis, links, code ticks or attribute lists."""
    line = re.sub(r"^\s*(?:[-*+]|\d+\.|>)\s+", "", line)
    line = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", line)
    line = re.sub(r"\{[#.:][^}]*\}", "", line)
    line = re.sub(r"<[^>]+>", "", line)
    line = re.sub(r"https?://\S+|\S+@\S+", "", line)  # no addresses: they are not language
    return re.sub(r"[*_`]+", "", line).strip()


def split_sentences(text: str, lang: str) -> list[str]:
    """Sentences of a paragraph (CJK full stops for Chinese, ``. ! ?`` and a space otherwise)."""
    pattern = r"(?<=[。！？!?])" if lang == "zh" else r"(?<=[.!?。])\s+"
    return [s.strip() for s in re.split(pattern, text) if s.strip()]


def prose_of(markdown: str, lang: str) -> tuple[list[str], list[str]]:
    """(sentences, headings) of a Markdown body: tables, code and admonition markers left out."""
    sentences: list[str] = []
    headings: list[str] = []
    paragraph: list[str] = []
    joiner = "" if lang == "zh" else " "

    def flush() -> None:
        if paragraph:
            sentences.extend(split_sentences(joiner.join(paragraph), lang))
            paragraph.clear()

    fenced = False
    for raw in markdown.splitlines():
        line = raw.strip()
        if line.startswith("```"):
            fenced = not fenced
            flush()
            continue
        if fenced or line.startswith("|"):
            flush()
            continue
        if line.startswith("#"):
            flush()
            heading = strip_markdown(line.lstrip("#"))
            if heading:
                headings.append(heading)
            continue
        if line.startswith(("!!!", "???")):
            flush()
            title = re.findall(r'"([^"]+)"', line)
            headings.extend(title)
            continue
        if not line:
            flush()
            continue
        text = strip_markdown(line)
        if re.match(r"(?:[-*+]|\d+\.)\s", line):  # a list item is a sentence of its own
            flush()
            if text:
                sentences.append(text)
        elif text:
            paragraph.append(text)
    flush()
    minimum = 8 if lang in ("zh", "ko") else 4
    keep = [s for s in sentences if (len(s) >= minimum if lang in ("zh", "ko") else len(s.split()) >= minimum)]
    return keep, headings


def nonspace(text: str) -> int:
    """Characters that are not white space."""
    return len(re.sub(r"\s+", "", text))


def load_language(lang: str) -> LanguageText:
    """Read every article body and FAQ of the demo in ``lang`` (``articles/<lang>/``)."""
    folder = DEMO_ARTICLES / lang
    sentences: list[str] = []
    headings: list[str] = []
    titles: list[str] = []
    keywords: list[str] = []
    categories: dict[str, dict[str, Any]] = {}
    chars = en_words = 0
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.name == "_category.yml":
            categories[rel.parent.as_posix()] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        elif path.name.endswith(".faq.yml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            titles.append(str(data.get("title", "")))
            for item in data.get("questions", []):
                titles.append(str(item.get("question", "")))
                found, heads = prose_of(str(item.get("answer", "")), lang)
                sentences += found
                headings += heads
        elif path.suffix == ".md":
            text = path.read_text(encoding="utf-8")
            match = FRONT_MATTER.match(text)
            meta = yaml.safe_load(match.group(1)) if match else {}
            body = text[match.end():] if match else text
            titles.append(str(meta.get("title", "")))
            keywords += [str(k) for k in meta.get("keywords") or []]
            if meta.get("description"):
                sentences += split_sentences(str(meta["description"]), lang)
            found, heads = prose_of(body, lang)
            sentences += found
            headings += heads
            original = DEMO_ARTICLES / rel
            if original.is_file():
                en = original.read_text(encoding="utf-8")
                en_match = FRONT_MATTER.match(en)
                en_body = en[en_match.end():] if en_match else en
                chars += sum(nonspace(s) for s in prose_of(body, lang)[0])
                en_words += sum(len(s.split()) for s in prose_of(en_body, "en")[0])
    titles = sorted({t for t in titles if t})
    return LanguageText(lang, sentences, sorted(set(headings)), titles, sorted(set(keywords)), categories,
                        chars / en_words if en_words else 6.0)


def ml_article(text: LanguageText, index: int, rng: Random, taken: set[str], words: int = 620) -> MlArticle:
    """A new article: a distinct title, 3-6 sections of the demo's sentences shuffled, ~``words`` English words."""
    sep = "：" if text.lang == "zh" else ": "
    title = ""
    for _ in range(50):
        title = f"{rng.choice(text.titles)}{sep}{rng.choice(text.headings)}"
        if title not in taken:
            break
    if title in taken:
        title = f"{title} ({index + 1})"
    taken.add(title)
    target = words * text.chars_per_en_word
    sections = rng.randint(3, 6)
    joiner = "" if text.lang == "zh" else " "
    parts: list[str] = []
    size = 0
    first_sentence = ""
    for section in range(sections):
        parts.append(f"## {rng.choice(text.headings)}\n")
        goal = target * (section + 1) / sections
        while size < goal:
            paragraph = rng.sample(text.sentences, min(len(text.sentences), rng.randint(2, 5)))
            first_sentence = first_sentence or paragraph[0]
            size += sum(nonspace(s) for s in paragraph)
            parts.append(joiner.join(paragraph) + "\n")
    folder = sorted(text.categories)[index % len(text.categories)]
    return MlArticle(text.lang, folder, f"{text.lang}-article-{index + 1:04d}", title, first_sentence,
                     "\n".join(parts))


def ml_queries(lang: str, articles: list[MlArticle], keywords: list[str], rng: Random, count: int) -> list[str]:
    """Queries typed in ``lang``, half and half.

    First, the demo's own keywords in that language (what its shoppers type; for Chinese and
    Korean 2-4 characters without spaces) that occur in the generated articles; then words and
    word pairs of one article, or 2-4 Chinese characters from it, or the first 2-4 syllables of a
    Korean word (particles off).
    """
    text = "\n".join(a.title + "\n" + a.body for a in articles).lower()
    cjk = lang in ("zh", "ko")
    usable = [k.lower() for k in keywords if k.lower() in text
              and (2 <= len(k) <= 4 and " " not in k if cjk else len(k) >= 4)]
    queries: list[str] = rng.sample(usable, min(len(usable), count // 2))
    while len(queries) < count:
        article = rng.choice(articles)
        sentence = rng.choice([s for s in re.split(r"\n+", article.body) if not s.startswith("#")] or [article.title])
        if lang == "zh":
            runs = [r for r in HAN.findall(sentence) if len(r) >= 2]
            if not runs:
                continue
            run = rng.choice(runs)
            k = min(len(run), rng.randint(2, 4))
            start = rng.randint(0, len(run) - k)
            query = run[start:start + k]
        elif lang == "ko":
            runs = [r for r in HANGUL.findall(sentence) if len(r) >= 2]
            if not runs:
                continue
            run = rng.choice(runs)
            query = run[:min(len(run), rng.randint(2, 4))]  # a word as typed: its start, particles off
        else:
            words = [w.lower() for w in WORD.findall(sentence)]
            if len(words) < 2:
                continue
            if len(queries) % 2 == 0:  # one word of 4+ letters
                long = [w for w in words if len(w) >= 4]
                if not long:
                    continue
                query = rng.choice(long)
            else:  # two neighbouring words, at least one of 4+ letters
                pairs = [(a, b) for a, b in zip(words, words[1:], strict=False) if max(len(a), len(b)) >= 4]
                if not pairs:
                    continue
                query = " ".join(rng.choice(pairs))
        if query not in queries:
            queries.append(query)
    return queries


def ml_corpus(size: int, seed: int) -> MlCorpus:
    """N articles: 80 % generated English, 4 % in each other language recombined from the demo's translations."""
    per_lang = round(size * ML_SHARE)
    english = Generator(size - per_lang * (len(ML_LANGS) - 1), seed).corpus(ML_QUERIES)
    texts = {lang: load_language(lang) for lang in ML_LANGS[1:]}
    others: list[MlArticle] = []
    queries = {"en": english.queries[:ML_QUERIES]}
    for number, (lang, text) in enumerate(texts.items()):
        rng = Random(seed * 1000 + number)
        taken: set[str] = set()
        mine = [ml_article(text, i, rng, taken) for i in range(per_lang)]
        others += mine
        queries[lang] = ml_queries(lang, mine, text.keywords, rng, ML_QUERIES)
    return MlCorpus(size, english, others, texts, queries)


def write_ml_projects(corpus: MlCorpus, work: Path) -> None:
    """The kbgen project (``articles/<lang>/…``, six languages) and the plain one (languages as folders)."""
    write_kbgen_project(corpus.english, work / "kbgen-project")
    write_plain_project(corpus.english, work / "plain-project", flat_nav=True)
    kb_docs, plain_docs = work / "kbgen-project" / "articles", work / "plain-project" / "docs"
    for lang, text in corpus.texts.items():
        write_text(plain_docs / lang / "index.md", f"# {lang}\n")
        for folder, meta in text.categories.items():
            write_text(kb_docs / lang / folder / "_category.yml", yaml.safe_dump(meta, allow_unicode=True))
            page = f"# {meta.get('title', folder)}\n\n{meta.get('description', '')}\n"
            write_text(plain_docs / lang / folder / "index.md", page)
    for article in corpus.others:
        write_text(kb_docs / article.path, article.markdown())
        write_text(plain_docs / article.path, article.markdown())
    config_file = work / "kbgen-project" / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["plugins"][0]["kbgen"].update({"languages": list(ML_LANGS), "translations": {"warn_missing": False}})
    write_text(config_file, yaml.safe_dump(config, sort_keys=False, allow_unicode=True))


def set_html_lang(site: Path, langs: Sequence[str]) -> int:
    """Rewrite ``<html lang="en"`` to the folder's language in every page under ``site/<lang>/``."""
    changed = 0
    for lang in langs:
        for page in (site / lang).rglob("*.html"):
            html = page.read_text(encoding="utf-8")
            new = re.sub(r'<html lang="[^"]*"', f'<html lang="{lang}"', html, count=1)
            if new != html:
                page.write_text(new, encoding="utf-8")
                changed += 1
    return changed


def build_ml(engine: str, tools: Tools, work: Path) -> Build:
    """kbgen's multilingual build, or plain MkDocs (one-entry nav) + ``<html lang>`` per folder + Pagefind."""
    site = work / f"site-{engine}"
    build = Build(engine, site)
    log_file = work / f"build-{engine}.log"
    log_file.write_text("", encoding="utf-8")
    if site.exists():
        shutil.rmtree(site)
    try:
        if engine == "kbgen":
            if tools.kbgen is None:
                raise RuntimeError("kbgen not found (pass --kbgen)")
            build.parts["kbgen build"] = run_timed([*tools.kbgen, "build", "--site-dir", str(site)],
                                                   work / "kbgen-project", log_file)
        else:
            if tools.pagefind is None:
                raise RuntimeError(tools.pagefind_missing)
            build.parts["mkdocs build"] = run_timed(
                [*tools.mkdocs, "build", "-q", "-f", "mkdocs-pagefind.yml", "-d", str(site)],
                work / "plain-project", log_file)
            started = time.perf_counter()
            pages = set_html_lang(site, ML_LANGS[1:])
            build.parts["html lang rewrite"] = time.perf_counter() - started
            log(f"[ML] set <html lang> in {pages} pages")
            build.parts["pagefind"] = run_timed(
                [*tools.pagefind, "--site", str(site), "--root-selector", "article.md-content__inner"],
                work / "plain-project", log_file)
    except RuntimeError as exc:
        build.error = str(exc)
        return build
    build.seconds = sum(build.parts.values())
    build.site_bytes = tree_bytes([site])
    build.search_disk_bytes = tree_bytes(search_disk_paths(engine, site) if engine == "pagefind"
                                         else [p for p in [site / "search", *site.glob("*/search")]])
    return build


KBGEN_FIRST_LANG_JS = """async ([query, lang]) => {
  const t0 = performance.now();
  const results = await window.kbgen.search(query, {lang, limit: LIMIT});
  return {t0, t1: performance.now(), count: results.length};
}""".replace("LIMIT", str(KBGEN_LIMIT))

ML_SCRIPTS = {
    "kbgen": EngineScript(KBGEN_FIRST_LANG_JS, "", lambda p: re.match(r"^/(?:[a-z]{2}/)?search/", p) is not None),
    "pagefind": EngineScript(PAGEFIND_FIRST_JS, "", lambda p: p.startswith("/pagefind/")),
}


@dataclass
class MlResult:
    """The multilingual run: builds, and per language and engine one first search per query."""

    corpus: MlCorpus
    builds: dict[str, Build]
    searches: dict[str, dict[str, list[FirstSearch]]]  # engine -> lang -> one per query
    urls: dict[str, str]
    pagefind_languages: list[str]
    notes: list[str]
    seconds: float = 0.0
    load_before: float = 0.0


def run_multilingual(n: int, args: argparse.Namespace, tools: Tools, browser: Any) -> MlResult:
    """Generate, build and measure the multilingual corpus."""
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    work = Path(args.work) / f"ml{n}"
    work.mkdir(parents=True, exist_ok=True)
    log(f"[ML {n}] generating the corpus (seed {args.seed}); load average {load_before:.2f}")
    corpus = ml_corpus(n, args.seed)
    write_ml_projects(corpus, work)
    write_text(work / "queries.json", json.dumps(corpus.queries, ensure_ascii=False, indent=1))
    urls = {"en": corpus.english.articles[0].url}
    urls.update({lang: next(a.url for a in corpus.others if a.lang == lang) for lang in ML_LANGS[1:]})
    result = MlResult(corpus, {}, {}, urls, [], [], 0.0, load_before)
    for engine in ("kbgen", "pagefind"):
        if engine not in args.engines:
            continue
        log(f"[ML {n}] building with {ENGINE_TITLES[engine]}")
        build = build_ml(engine, tools, work)
        result.builds[engine] = build
        if build.seconds is None:
            log(f"[ML {n}]   failed: {build.error}")
            result.notes.append(f"{ENGINE_TITLES[engine]} build failed: {build.error}")
            continue
        log(f"[ML {n}]   {build.seconds:.2f} s, {build.site_bytes / KIB / KIB:.1f} MiB")
        if engine == "pagefind":
            entry = build.site / "pagefind" / "pagefind-entry.json"
            if entry.is_file():
                result.pagefind_languages = sorted(json.loads(entry.read_text(encoding="utf-8")).get("languages", {}))
        searches: dict[str, list[FirstSearch]] = {}
        with SiteServer(build.site) as server:
            for lang in ML_LANGS:
                for query in corpus.queries[lang]:
                    arg = [query, lang] if engine == "kbgen" else query
                    try:
                        found = measure_first(browser, server, engine, urls[lang], arg, 1, ML_SCRIPTS[engine])
                    except Exception as exc:  # report it, keep going
                        result.notes.append(f"{ENGINE_TITLES[engine]} {lang} `{query}`: {type(exc).__name__}: "
                                            f"{str(exc).splitlines()[0][:200]}")
                        continue
                    searches.setdefault(lang, []).append(found)
                log(f"[ML {n}]   {engine} {lang}: " + ", ".join(
                    f"{s.search_wire_bytes / KIB:.1f} KiB/{s.typed_to_result_ms:.0f} ms/{s.results}"
                    for s in searches.get(lang, [])))
        result.searches[engine] = searches
        if not args.keep:
            shutil.rmtree(build.site, ignore_errors=True)
    result.seconds = time.perf_counter() - started
    return result


def ml_cell(values: list[FirstSearch], i: int) -> str:
    """One query's search KiB / ms / results, or n/a."""
    if i >= len(values):
        return "n/a"
    v = values[i]
    return f"{v.search_wire_bytes / KIB:.1f} / {v.typed_to_result_ms:.0f} / {v.results}"


def format_ml(result: MlResult) -> str:
    """The Markdown section of the multilingual run."""
    corpus = result.corpus
    kb, pf = result.searches.get("kbgen", {}), result.searches.get("pagefind", {})

    def med(values: list[FirstSearch], name: str, scale: float = 1.0) -> float | None:
        return statistics.median(getattr(v, name) / scale for v in values) if values else None

    lines = [
        f"## Multilingual corpus, N = {corpus.size:,} articles",
        "",
        f"{len(corpus.english.articles):,} generated English articles (as above) and "
        f"{round(corpus.size * ML_SHARE)} articles in each of da, zh, ko, vi, tl, made by shuffling sentences, "
        "headings and titles of the demo's own translations (`articles/<lang>/`: article bodies, descriptions and "
        "FAQ answers) into new articles of about 620 English words' worth each (the character count per English "
        "word is taken from the demo's translated articles: "
        + ", ".join(f"{lang} {t.chars_per_en_word:.2f}" for lang, t in corpus.texts.items())
        + "), each with a distinct title. "
        f"{ML_QUERIES} queries per language, each timed as the first search of a fresh visit (empty cache) to an "
        "article page of that language; the table gives the median over the queries. "
        f"Measured in {result.seconds / 60:.1f} min; the 1-minute load average was {result.load_before:.2f} before.",
        "",
        "kbgen: the kbgen project (`articles/<lang>/…`, `languages: [en, da, zh, ko, vi, tl]`), driven by "
        "`window.kbgen.search(q, {lang})` on a page of that language; search bytes are everything under "
        "`/search/` and `/<lang>/search/`. Pagefind (extended build, which segments Chinese and Korean): the "
        "plain project (same Markdown, languages as folders, Material without a search plugin, built with a "
        "one-entry nav), then every page under `<lang>/` rewritten from `<html lang=\"en\"` to "
        "`<html lang=\"<lang>\"` so that Pagefind indexes it as that language (Pagefind reads the language from "
        "`<html lang>` and writes one index per language), then `pagefind --site … --root-selector "
        "article.md-content__inner`; driven through `/pagefind/pagefind.js`, which loads the index of the "
        "page's `<html lang>`, with `search()` plus `data()` of the top 5. "
        f"Pagefind indexes written: {', '.join(result.pagefind_languages) or 'n/a'}.",
        "",
        "| language | articles | queries | search KiB, kbgen | search KiB, Pagefind | kbgen/Pagefind | "
        "whole page KiB, kbgen | whole page KiB, Pagefind | typed → first result ms, kbgen | "
        "typed → first result ms, Pagefind | kbgen/Pagefind | results kbgen / Pagefind |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for lang in ML_LANGS:
        k, p = kb.get(lang, []), pf.get(lang, [])
        kb_search, pf_search = med(k, "search_wire_bytes", KIB), med(p, "search_wire_bytes", KIB)
        kb_ms, pf_ms = med(k, "typed_to_result_ms"), med(p, "typed_to_result_ms")
        counts = " ".join(f"{a.results}/{b.results}" for a, b in zip(k, p, strict=False))
        queries = ", ".join(f"`{q}`" for q in corpus.queries[lang])
        lines.append(
            f"| {lang} | {corpus.articles(lang):,} | {queries} | {cell(kb_search, 1)} | {cell(pf_search, 1)} | "
            f"{ratio(kb_search, pf_search)} | {cell(med(k, 'wire_bytes', KIB), 1)} | "
            f"{cell(med(p, 'wire_bytes', KIB), 1)} | {cell(kb_ms, 0)} | {cell(pf_ms, 0)} | {ratio(kb_ms, pf_ms)} | "
            f"{counts} |"
        )
    lines += ["", "Per query (search KiB on the wire / typed → first result ms / results):", "",
              "| language | query | kbgen | Pagefind |", "| --- | --- | --- | --- |"]
    for lang in ML_LANGS:
        k, p = kb.get(lang, []), pf.get(lang, [])
        for i, query in enumerate(corpus.queries[lang]):
            lines.append(f"| {lang} | `{query}` | {ml_cell(k, i)} | {ml_cell(p, i)} |")
    builds = [f"- {ENGINE_TITLES[e]} build: {b.seconds:.1f} s (" + ", ".join(
        f"{name} {s:.1f} s" for name, s in b.parts.items()) + f"), site {b.site_bytes / KIB / KIB:.0f} MiB, "
        f"search files {b.search_disk_bytes / KIB / KIB:.1f} MiB on disk"
        for e, b in result.builds.items() if b.seconds is not None]
    builds.append("- The plain project was built with a one-entry nav, so Pagefind's build time is not the plain "
                  "`mkdocs build` figure; build times here are for information only.")
    lines += ["", *builds, *[f"- {note}" for note in result.notes]]
    return "\n".join(lines) + "\n"


# ======================================================================================
# Main.
# ======================================================================================


def run_size(n: int, args: argparse.Namespace, tools: Tools, browser: Any) -> SizeResult:
    """Generate, write, build and measure one corpus size."""
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    if load_before > 0.5:
        log(f"[N={n}] warning: load average is {load_before:.2f}; other work on this machine skews the timings")
    work = Path(args.work) / f"n{n}"
    work.mkdir(parents=True, exist_ok=True)
    log(f"[N={n}] generating the corpus (seed {args.seed})")
    corpus = Generator(n, args.seed).corpus(args.queries)
    terms: set[str] = set()
    for article in corpus.articles:
        terms.update(tokens(article.title + " " + article.body))
    write_kbgen_project(corpus, work / "kbgen-project")
    flat_nav = n > args.flat_nav_above
    if flat_nav:
        log(f"[N={n}] plain project (Material, Pagefind) with a one-entry nav: N > {args.flat_nav_above}")
    write_plain_project(corpus, work / "plain-project", flat_nav)
    write_text(work / "queries.txt", "\n".join(corpus.queries) + "\n")
    url = corpus.articles[0].url
    engines: dict[str, EngineResult] = {}
    for engine in args.engines:
        log(f"[N={n}] building with {ENGINE_TITLES[engine]}")
        build_runs = args.build_runs or (3 if n <= 1000 else 1)
        build = build_engine(engine, tools, work, build_runs)
        if build.seconds is None:
            log(f"[N={n}]   failed: {build.error}")
        else:
            log(f"[N={n}]   {build.seconds:.2f} s, {build.site_bytes / KIB / KIB:.1f} MiB")
        log(f"[N={n}] measuring {ENGINE_TITLES[engine]} in Chromium")
        limit = args.anchor_queries if engine != "kbgen" else None
        engines[engine] = measure_engine(browser, build, url, corpus.queries, args.runs, limit, corpus.one_word)
        if engines[engine].note:
            log(f"[N={n}]   {engines[engine].note}")
        if not args.keep:  # sites grow about as N squared (the navigation is in every page): free the disk
            shutil.rmtree(build.site, ignore_errors=True)
    return SizeResult(corpus, len(terms), engines, time.perf_counter() - started, load_before, flat_nav)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(
        description="Benchmark kbgen's search against Material for MkDocs' search and Pagefind.",
        epilog="Example: .venv/bin/python benchmarks/search.py --sizes 300,3000 --out benchmarks/RESULTS.md",
    )
    parser.add_argument("--sizes", help="corpus sizes in articles (default: 300,3000,10000 without --multilingual)")
    parser.add_argument("--multilingual", default="",
                        help="sizes of the multilingual corpus (80%% English, 4%% each da, zh, ko, vi, tl)")
    parser.add_argument("--queries", type=int, default=100, help="queries to generate (default: %(default)s)")
    parser.add_argument("--out", help="also write the Markdown report to this file")
    parser.add_argument("--seed", type=int, default=1, help="corpus and query seed (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="fresh visits per first-search median (default: 3)")
    parser.add_argument("--build-runs", type=int,
                        help="builds per engine, median kept (default: 3 up to 1,000 articles, else 1)")
    parser.add_argument("--engines", default=",".join(ENGINES), help="subset of kbgen,material,pagefind")
    parser.add_argument("--work", default=str(Path(os.environ.get("TMPDIR", "/tmp")) / "kbgen-search-bench"),
                        help="scratch folder for projects and sites (default: %(default)s)")
    parser.add_argument("--anchor-queries", type=int,
                        help="type only the first K queries for Material and Pagefind (kbgen types all; default: all)")
    parser.add_argument("--flat-nav-above", type=int, default=3000,
                        help="above this N, build Material and Pagefind with a one-entry nav (default: %(default)s)")
    parser.add_argument("--keep", action="store_true", help="keep the built sites in --work")
    parser.add_argument("--kbgen", help="the kbgen executable (default: next to this Python, or .venv/bin/kbgen)")
    parser.add_argument("--pagefind", help="the Pagefind command, e.g. '/tmp/pf/bin/python -m pagefind'")
    args = parser.parse_args(argv)
    if args.sizes is None:
        args.sizes = "" if args.multilingual else "300,3000,10000"
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.multilingual = [int(s) for s in args.multilingual.split(",") if s.strip()]
    args.engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(args.engines) - set(ENGINES)
    if unknown or not (args.sizes or args.multilingual) or min(args.sizes + args.multilingual) < 3 \
            or args.queries < 1:
        parser.error(f"bad --engines {sorted(unknown)}" if unknown else "sizes must be >= 3 and queries >= 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark for every size, print the report, and write it to ``--out``."""
    args = parse_args(argv)
    chromium = shutil.which("chromium")
    if chromium is None:
        log("Debian's chromium is needed: apt-get install -y chromium")
        return 2
    from playwright.sync_api import sync_playwright

    tools = find_tools(args.kbgen, args.pagefind)
    if tools.pagefind_missing and "pagefind" in args.engines:
        log(tools.pagefind_missing)
    results: list[SizeResult] = []
    multilingual: list[MlResult] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            for n in args.sizes:
                results.append(run_size(n, args, tools, browser))
                log(f"[N={n}] done in {results[-1].seconds / 60:.1f} min")
            for n in args.multilingual:
                multilingual.append(run_multilingual(n, args, tools, browser))
                log(f"[ML {n}] done in {multilingual[-1].seconds / 60:.1f} min")
            version = browser.version
        finally:
            browser.close()
    text = report(results, tools, version, args, multilingual)
    print(text)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text, encoding="utf-8")
        log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
