"""Steps the second-factor tests repeat: what an authenticator app would show, and setting one
up through the services."""

import time

from django_otp.oath import hotp


def _step(device, at: float) -> int:
    return int((at - device.t0) // device.step) + device.drift


def code_at(device, step: int) -> str:
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


def totp_code(device, at: float | None = None) -> str:
    """The code an authenticator app holding `device`'s key shows now (or at `at`)."""
    return code_at(device, _step(device, time.time() if at is None else at))


def fresh_totp_code(device) -> str:
    """A code the device has not accepted yet: each code works once (the device remembers the
    last time step it accepted), so a second sign-in within 30 seconds uses the next step's code,
    which the device's tolerance of one step allows; beyond that, wait for it."""
    device.refresh_from_db()
    now = _step(device, time.time())
    step = max(now, device.last_t + 1)
    while step > _step(device, time.time()) + device.tolerance:
        time.sleep(0.5)
    return code_at(device, step)


def enrol(user) -> tuple:
    """Turn the second factor on for `user` through the services: (authenticator, recovery
    codes)."""
    from accounts.services import second_factor

    device = second_factor.enrol_totp(user=user)
    codes = second_factor.confirm_totp(user=user, code=totp_code(device))
    device.refresh_from_db()
    return device, codes
