"""The embedded filesystem broker (the local run's) never hands a worker a half-written message:
kombu's own transport did, and the worker died on the JSON ("Unrecoverable error")."""

import queue
import threading

from kombu import Connection


def _options(tmp_path) -> dict:
    for sub in ("queue", "processed", "control"):
        (tmp_path / sub).mkdir()
    return {
        "data_folder_in": str(tmp_path / "queue"),
        "data_folder_out": str(tmp_path / "queue"),
        "processed_folder": str(tmp_path / "processed"),
        "control_folder": str(tmp_path / "control"),
        "store_processed": False,
    }


def race(transport: str, tmp_path, count: int = 400) -> tuple[list, list]:
    """A reader polling as fast as it can while a writer puts `count` large messages."""
    received, errors, done = [], [], threading.Event()
    with Connection(
        "filesystem://", transport=transport, transport_options=_options(tmp_path)
    ) as c:
        writer, reader = c.channel(), c.channel()

        def read():
            while not (done.is_set() and len(received) + len(errors) >= count):
                try:
                    received.append(reader._get("race")["n"])
                except queue.Empty:
                    continue
                except ValueError as exc:  # a half-written file: JSONDecodeError
                    errors.append(exc)

        thread = threading.Thread(target=read, daemon=True)
        thread.start()
        for n in range(count):
            writer._put("race", {"n": n, "body": "x" * 500_000})
        done.set()
        thread.join(60)
    return received, errors


def test_the_portals_filesystem_broker_only_hands_out_whole_messages(tmp_path):
    received, errors = race("core.broker:Transport", tmp_path)
    assert errors == []
    assert sorted(received) == list(range(400))
