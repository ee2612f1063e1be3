"""An aiosmtpd handler that keeps every message it accepts as one .eml file in a folder.

The mail tests run Debian's aiosmtpd with it as a real SMTP server on loopback:
    /usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c smtp_folder.FolderHandler FOLDER
The envelope's recipients are written first as X-Envelope-To lines, so a test can check whom the server was told.
"""
import os
import time
import uuid


class FolderHandler:
    def __init__(self, folder):
        self.folder = folder
        os.makedirs(folder, exist_ok=True)

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("FolderHandler takes one argument: the folder")
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        name = "%d-%s.eml" % (time.time_ns(), uuid.uuid4().hex)
        path = os.path.join(self.folder, name)
        envelope_to = b"".join(b"X-Envelope-To: " + r.encode("utf-8") + b"\r\n" for r in envelope.rcpt_tos)
        with open(path + ".partial", "wb") as f:
            f.write(envelope_to + envelope.original_content)
        os.rename(path + ".partial", path)
        return "250 Message accepted for delivery"
