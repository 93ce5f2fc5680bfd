"""The embedded broker of the local run: kombu's filesystem transport, with one fix.

kombu writes a message file in place, so a worker polling the folder can move and read the file
while it is still empty and die on the half-written JSON ("Unrecoverable error: JSONDecodeError").
Here a message is written under a temporary name the worker does not look at and then renamed
into place, which is atomic: the worker only ever sees whole messages."""

import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        name = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        # The temporary name must not contain ".<queue>.msg", which is what the reader looks for.
        partial = os.path.join(self.data_folder_out, f".{uuid.uuid4()}.part")
        try:
            with open(partial, "wb") as fh:
                fh.write(dumps(payload).encode())
            os.replace(partial, final)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
