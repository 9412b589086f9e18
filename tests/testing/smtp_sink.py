#!/usr/bin/python3
"""A real SMTP server for tests (Debian's python3-aiosmtpd).

Stores every accepted message as DIR/NNNN.eml (raw) and DIR/NNNN.json (the
envelope and the message as Python's email package reads it). Prints
"READY port=N" on stdout once listening (port 0 picks a free port).

Recipients whose local part starts with
  tempfail  make the first DATA of each Message-ID fail with 451 (not stored);
  reject    are refused with 550 at RCPT;
  hold      make the first DATA of each Message-ID be stored, then the 250
            reply delayed by --hold-seconds.
"""

import argparse
import asyncio
import email
import email.policy
import hashlib
import json
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult


def local_part(address):
    return address.split("@", 1)[0].strip("<>").lower()


def header_text(message, name):
    value = message.get(name)
    return "" if value is None else str(value)


def addresses(message, name):
    header = message.get(name)
    if header is None:
        return []
    return [a.addr_spec for a in header.addresses]


def body_text(message, subtype):
    part = message.get_body(preferencelist=(subtype,))
    if part is None or part.get_content_subtype() != subtype:
        return ""
    # Line ends as the sender's program wrote them, not as the wire carries them.
    return part.get_content().replace("\r\n", "\n")


def describe(envelope, session, tls, raw):
    message = email.message_from_bytes(raw, policy=email.policy.default)
    attachments = []
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True) or b""
        attachments.append({
            "filename": part.get_filename() or "",
            "content_type": part.get_content_type(),
            "size": len(payload),
            "sha256": hashlib.sha256(payload).hexdigest(),
        })
    defects = [repr(d) for part in message.walk() for d in part.defects]
    return {
        "mail_from": envelope.mail_from,
        "rcpt_tos": list(envelope.rcpt_tos),
        "tls": tls,
        "auth_login": session.auth_data or "",
        "subject": header_text(message, "subject"),
        "from": header_text(message, "from"),
        "to": addresses(message, "to"),
        "cc": addresses(message, "cc"),
        "reply_to": header_text(message, "reply-to"),
        "message_id": header_text(message, "message-id"),
        "date": header_text(message, "date"),
        "headers": [[k, str(v)] for k, v in message.items()],
        "text": body_text(message, "plain"),
        "html": body_text(message, "html"),
        "attachments": attachments,
        "defects": defects,
    }


class Sink:
    def __init__(self, directory, hold_seconds):
        self.directory = directory
        self.hold_seconds = hold_seconds
        self.count = 0
        self.tempfailed = set()
        self.held = set()

    def store(self, server, envelope, session):
        raw = envelope.original_content or envelope.content
        self.count += 1
        base = os.path.join(self.directory, "%04d" % self.count)
        with open(base + ".eml", "wb") as f:
            f.write(raw)
        # Written aside then renamed: a reader never sees half a file.
        with open(base + ".json.tmp", "w", encoding="utf-8") as f:
            # After STARTTLS, or on an implicit TLS connection.
            tls = (session.ssl is not None or
                   server.transport.get_extra_info("ssl_object") is not None)
            json.dump(describe(envelope, session, tls, raw), f,
                      ensure_ascii=False, indent=1)
        os.rename(base + ".json.tmp", base + ".json")

    async def handle_RCPT(self, server, session, envelope, address,
                          rcpt_options):
        if local_part(address).startswith("reject"):
            return "550 5.1.1 <%s>: Recipient address rejected" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        message_id = str(email.message_from_bytes(
            raw, policy=email.policy.default).get("message-id", ""))
        kinds = [local_part(r) for r in envelope.rcpt_tos]
        if (any(k.startswith("tempfail") for k in kinds)
                and message_id not in self.tempfailed):
            self.tempfailed.add(message_id)
            return "451 4.3.0 Temporary failure, try again later"
        self.store(server, envelope, session)
        if (any(k.startswith("hold") for k in kinds)
                and message_id not in self.held):
            self.held.add(message_id)
            await asyncio.sleep(self.hold_seconds)
        return "250 2.0.0 Message accepted"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--implicit-tls", action="store_true",
                        help="TLS from the first byte (smtps) instead of STARTTLS")
    parser.add_argument("--auth", help="user:pass")
    parser.add_argument("--hold-seconds", type=float, default=30)
    args = parser.parse_args()

    tls_context = None
    if args.tls_cert and args.tls_key:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.tls_cert, args.tls_key)

    smtp_options = {}
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (auth_data.login.decode() == user
                  and auth_data.password.decode() == password)
            # handled=False: aiosmtpd then replies 535 itself.
            return AuthResult(success=ok, handled=False,
                              auth_data=user if ok else None)

        smtp_options.update(authenticator=authenticator, auth_required=True,
                            auth_require_tls=tls_context is not None
                            and not args.implicit_tls)

    sink = Sink(args.dir, args.hold_seconds)

    implicit_tls = tls_context if args.implicit_tls else None
    starttls = None if args.implicit_tls else tls_context

    async def serve():
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            lambda: SMTP(sink, hostname="sink.relance.test",
                         tls_context=starttls, **smtp_options),
            host=args.host, port=args.port, ssl=implicit_tls)
        port = server.sockets[0].getsockname()[1]
        print("READY port=%d" % port, flush=True)
        await server.serve_forever()

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
