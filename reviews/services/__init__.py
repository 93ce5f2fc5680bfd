"""Review workflow services: URL decisions, counter-notices, deadlines and penalty points."""
