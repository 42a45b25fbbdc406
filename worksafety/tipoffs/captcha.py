"""An offline image captcha for the public tip-off form (no third-party service: the platform may run on
an isolated 政务网). The answer lives only in the visitor's session, is single-use and expires."""

import io
import random
import secrets
import time

from django.conf import settings
from PIL import Image, ImageDraw, ImageFilter, ImageFont

# Letters and digits that cannot be confused with each other (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
ALPHABET = "ACDEFHJKMNPRTUVWXY34679"
LENGTH = 4
LIFETIME_SECONDS = 600
SESSION_KEY = "tipoff_captcha"


def new_challenge(session) -> str:
    answer = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    session[SESSION_KEY] = {"answer": answer, "issued": time.time()}
    return answer


def check(session, given: str) -> bool:
    """True once for the right answer; any attempt uses the challenge up, so it cannot be guessed at."""
    challenge = session.pop(SESSION_KEY, None)
    if not challenge or time.time() - challenge["issued"] > LIFETIME_SECONDS:
        return False
    return secrets.compare_digest(given.strip().upper(), challenge["answer"])


def _font(size: int):
    try:
        return ImageFont.truetype(settings.WORKSAFETY_CAPTCHA_FONT, size)
    except OSError:  # no TrueType font on this machine: Pillow's own scalable font still renders
        return ImageFont.load_default(size)


def render_png(answer: str) -> bytes:
    """The answer drawn with per-letter rotation, noise lines and dots."""
    rng = random.Random(secrets.randbits(64))
    width, height = 40 + 34 * len(answer), 56
    image = Image.new("RGB", (width, height), (246, 247, 250))
    draw = ImageDraw.Draw(image)
    for _ in range(160):
        draw.point((rng.randrange(width), rng.randrange(height)), fill=(rng.randrange(120, 200),) * 3)
    font = _font(34)
    for index, char in enumerate(answer):
        glyph = Image.new("RGBA", (44, 52), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((6, 2), char, font=font, fill=(rng.randrange(20, 90), rng.randrange(20, 90),
                                                                    rng.randrange(90, 160), 255))
        glyph = glyph.rotate(rng.uniform(-28, 28), resample=Image.BICUBIC, expand=False)
        image.paste(glyph, (18 + index * 34, rng.randrange(0, 6)), glyph)
    for _ in range(4):
        draw.line([(rng.randrange(width), rng.randrange(height)) for _ in range(2)],
                  fill=(rng.randrange(80, 160),) * 3, width=2)
    image = image.filter(ImageFilter.SMOOTH)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
