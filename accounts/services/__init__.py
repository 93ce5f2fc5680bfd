"""Account services: registration, codes, sign-in with device trust, profile."""
