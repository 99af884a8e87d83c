"""The generated help center: word banks, topics, the deterministic corpus generator, the queries,
the multilingual corpus recombined from the demo's translations, and the projects written from them.

The same (size, seed) always gives the same files and queries."""

from __future__ import annotations

import bisect
import functools
import json
import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

import yaml
from shared import ROOT

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
    # A first search of one word, as the Pagefind figures are (queries[0] has two words).
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


def write_plain_project(corpus: Corpus, project: Path, flat_nav: bool = False, features: Sequence[str] = ()) -> None:
    """The same Markdown as a plain MkDocs + Material project.

    ``mkdocs.yml`` uses Material's built-in ``search`` plugin; ``mkdocs-pagefind.yml`` is the same
    without any plugin, for Pagefind to index afterwards. Category folders get an ``index.md`` with
    their title and description, and each FAQ becomes a Markdown page. With ``flat_nav`` the
    navigation has a single entry (the home page): every page is still built, but no page carries a
    link to every other, so the build is linear in N instead of quadratic. ``features`` go to
    Material's ``theme.features`` (``navigation.prune``: what Material advises for large sites).
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
    if features:
        base["theme"]["features"] = list(features)
    if flat_nav:
        base["nav"] = ["index.md"]
    write_text(project / "mkdocs.yml", yaml.safe_dump({**base, "plugins": ["search"]}, sort_keys=False))
    write_text(project / "mkdocs-pagefind.yml", yaml.safe_dump({**base, "plugins": []}, sort_keys=False))


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


def ml_corpus(size: int, seed: int, per_lang: int | None = None) -> MlCorpus:
    """N articles: 80 % generated English, 4 % in each other language recombined from the demo's translations.

    With ``per_lang``, every language gets that many articles instead (English included): the
    build benchmark's six-language site of 6 x 2,000 pages.
    """
    if per_lang is None:
        per_lang = round(size * ML_SHARE)
        english_size = size - per_lang * (len(ML_LANGS) - 1)
    else:
        english_size = per_lang
    english = Generator(english_size, seed).corpus(ML_QUERIES)
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


def write_ml_projects(corpus: MlCorpus, work: Path, flat_nav: bool = True, features: Sequence[str] = ()) -> None:
    """The kbgen project (``articles/<lang>/…``, six languages) and the plain one (languages as folders).

    ``flat_nav`` and ``features`` go to the plain project as in ``write_plain_project``.
    """
    write_kbgen_project(corpus.english, work / "kbgen-project")
    write_plain_project(corpus.english, work / "plain-project", flat_nav=flat_nav, features=features)
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
