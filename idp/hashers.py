from django.contrib.auth.hashers import PBKDF2PasswordHasher


class DemoPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """The stand-in provider holds only published demo passwords and local client secrets: a
    light PBKDF2 keeps its start and every sign-in fast. Never for a real provider."""

    algorithm = "pbkdf2_sha256_demo"
    iterations = 20_000
