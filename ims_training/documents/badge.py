"""The badge image, and the same image with the credential baked in (Open Badges 3.0 baking).

OB 3.0 "Baking" for SVG: an `openbadges:credential` element (namespace
`https://purl.imsglobal.org/ob/v3p0`) as the first child of the root `<svg>`; a credential signed
as a VC-JWT goes into it as the compact JWS in CDATA. `extract_credential` reads it back (what a
badge backpack does). The image is drawn here (no file to keep in step with the program).
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

OB_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")


def _lines(title: str, width: int = 18) -> list[str]:
    words, lines, current = title.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines[:3]


def badge_svg(title: str, issuer: str, credential_jwt: str | None = None) -> bytes:
    """A round badge naming the program and issuer; baked with `credential_jwt` when given."""
    if credential_jwt is not None and not _JWS.match(credential_jwt):
        raise ValueError("not a compact JWS")
    baked = (
        f"<openbadges:credential><![CDATA[{credential_jwt}]]></openbadges:credential>"
        if credential_jwt
        else ""
    )
    namespace = f' xmlns:openbadges="{OB_NAMESPACE}"' if credential_jwt else ""
    lines = _lines(title)
    start = 250 - 22 * (len(lines) - 1)
    text = "".join(
        f'<text x="256" y="{start + 44 * i}" font-size="40" font-weight="bold" '
        f'text-anchor="middle" fill="#ffffff">{escape(line)}</text>'
        for i, line in enumerate(lines)
    )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg"{namespace} viewBox="0 0 512 512" width="512" '
        f'height="512" role="img" aria-label="{escape(title, {chr(34): "&quot;"})}">{baked}'
        f"<title>{escape(title)}</title>"
        '<circle cx="256" cy="256" r="248" fill="#1d4e89"/>'
        '<circle cx="256" cy="256" r="222" fill="none" stroke="#f2c14e" stroke-width="10"/>'
        '<text x="256" y="150" font-family="sans-serif" font-size="64" font-weight="bold" '
        'text-anchor="middle" fill="#f2c14e">IMS</text>'
        f'<g font-family="sans-serif">{text}</g>'
        f'<text x="256" y="400" font-family="sans-serif" font-size="24" text-anchor="middle" '
        f'fill="#ffffff">{escape(issuer)}</text>'
        "</svg>"
    )
    return svg.encode("utf-8")


def extract_credential(svg: bytes) -> str | None:
    """The compact JWS baked into an SVG badge, or None."""
    match = re.search(rb"<openbadges:credential[^>]*>\s*<!\[CDATA\[([^\]]*)\]\]>", svg)
    return match.group(1).decode("ascii").strip() if match else None
