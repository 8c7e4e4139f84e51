"""alert_smtpd.py - an aiosmtpd handler for vigil's end-to-end tests.

Run as: python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c alert_smtpd.Saver DIR
(with this folder on PYTHONPATH).  Each message is written whole to
DIR/NNNN.eml, its envelope to DIR/NNNN.env.
"""
import os


class Saver:
    def __init__(self, folder):
        self.folder = folder
        self.n = 0
        os.makedirs(folder, exist_ok=True)

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("Saver takes one argument: the output folder")
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        self.n += 1
        base = os.path.join(self.folder, "%04d" % self.n)
        with open(base + ".env.tmp", "w") as f:
            f.write("from %s\n" % envelope.mail_from)
            for r in envelope.rcpt_tos:
                f.write("to %s\n" % r)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(base + ".env.tmp", base + ".env")
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 Message accepted for delivery"
