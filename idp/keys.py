"""The provider's RS256 signing keys, kept as files so that a command (or a test) can rotate them
while the server runs: `keys/active.pem` signs ID tokens, `keys/published/*.pem` are the keys the
JWKS document lists. Normally the active key is published too; `idp_keys rotate --unpublished`
signs with a key nobody can verify (a forged or broken token, for the relying party's tests)."""

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from jwcrypto import jwk


def key_dir() -> Path:
    folder = Path(settings.IDP_VAR_DIR) / "keys"
    (folder / "published").mkdir(parents=True, exist_ok=True)
    return folder


def new_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def kid(pem: str) -> str:
    return jwk.JWK.from_pem(pem.encode()).thumbprint()


def ensure_key() -> None:
    folder = key_dir()
    if not (folder / "active.pem").exists():
        rotate(publish=True, retire_old=False)


def rotate(*, publish: bool, retire_old: bool) -> str:
    """Make a new active key; keep the old one published (tokens it signed still verify) unless
    `retire_old`. Returns the new key's id."""
    folder = key_dir()
    active = folder / "active.pem"
    if retire_old and active.exists():
        (folder / "published" / f"{kid(active.read_text())}.pem").unlink(missing_ok=True)
    pem = new_pem()
    new_kid = kid(pem)
    if publish:
        (folder / "published" / f"{new_kid}.pem").write_text(pem)
    tmp = folder / "active.pem.tmp"
    tmp.write_text(pem)
    tmp.replace(active)
    return new_kid


def active_pem() -> str:
    return (key_dir() / "active.pem").read_text()


def published_pems() -> list[str]:
    return [p.read_text() for p in sorted((key_dir() / "published").glob("*.pem"))]


def state_stamp() -> tuple:
    """Changes whenever a key file changes (checked on every request)."""
    folder = key_dir()
    files = [folder / "active.pem", *sorted((folder / "published").glob("*.pem"))]
    return tuple((f.name, f.stat().st_mtime_ns) for f in files if f.exists())
